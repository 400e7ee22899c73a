/* SPDX-License-Identifier: MIT */
/* Multiboot header constants, for boot/boot.S. */
#ifndef TG_BOOT_MULTIBOOT_H
#define TG_BOOT_MULTIBOOT_H

/* Multiboot2 spec 1.0, 3.1 "OS image format". */
#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define MB2_TAG_END 0
#define MB2_TAG_INFO_REQ 1
#define MB2_TAG_FRAMEBUFFER 5
#define MB2_TAG_OPTIONAL 1

/* Multiboot 0.6.96, 3.1.1 "The layout of Multiboot header". */
#define MB1_HEADER_MAGIC 0x1badb002
#define MB1_PAGE_ALIGN (1 << 0)
#define MB1_MEMORY_INFO (1 << 1)

/* Bootloader magic values in EAX: Multiboot2 3.2 and Multiboot 3.2. */
#define MB2_LOADER_MAGIC 0x36d76289
#define MB1_LOADER_MAGIC 0x2badb002

#endif
