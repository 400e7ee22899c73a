# SPDX-License-Identifier: MIT
# Tollgate: one non-recursive Makefile, building out of tree into build/.
# `make help` lists the targets.  `make V=1` shows the commands.

VERSION := 0.1.0
BUILD ?= build
MODEL ?= tigerlake
CPUS ?= 2
CMDLINE ?=
FONT ?= /usr/share/consolefonts/default8x16.psf.gz

ifeq ($(V),1)
Q :=
else
Q := @
endif

CC := gcc
LD := ld
OBJCOPY := objcopy
HOSTCC := gcc

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wundef -Wvla
KERNEL_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -mno-red-zone \
	-mgeneral-regs-only -mcmodel=small -fno-asynchronous-unwind-tables \
	-fno-common $(WARNINGS) -I. -MMD -MP -DTG_VERSION='"$(VERSION)"'
# PROFILE=1 (make bench builds it in $(BUILD)/profile): the exit path's
# phases timed into a PROFILE line per guest (core/profile.h).
ifeq ($(PROFILE),1)
KERNEL_CFLAGS += -DTG_PROFILE
endif
KERNEL_ASFLAGS := -I. -I$(BUILD)/gen -MMD -MP -D__ASSEMBLER__ \
	-DFONT_FILE='"$(BUILD)/font.psf"' -Wa,-I,$(BUILD)/guest/embed
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack -T linker.ld

HOST_CFLAGS := -std=gnu11 -O1 -g $(WARNINGS) -Wno-missing-prototypes -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-DTG_VERSION='"$(VERSION)"'

KERNEL_SRCS := boot/boot.S \
	arch/x86/trap_entry.S arch/x86/trap.c arch/x86/gdt.c \
	arch/x86/lapic.c arch/x86/smp.c arch/x86/trampoline.S core/cpus.c \
	lib/acpi.c lib/sched.c \
	arch/x86/serial.c arch/x86/cpuprobe.c arch/x86/platform.c \
	core/main.c core/console.c core/font.S core/run.c core/config.c \
	core/summary.c core/cpureport.c core/memory.c core/guest.c \
	core/exit.c core/hypercall.c core/buslock.c core/hv.c core/catalog.c \
	core/names.c core/cpustate.c core/insn.c core/profile.c arch/x86/xstate.c lib/xcr0.c \
	lib/mbkernel.c lib/bzimage.c lib/boot64.c core/platform.c core/cpumodel.c core/detect.c \
	core/guest_images.S \
	svm/svm.c svm/svm_decode.c svm/svm_entry.S \
	vmx/vmx.c vmx/vmx_controls.c vmx/vmx_caps.c vmx/vmx_decode.c \
	vmx/vmx_entry.S lib/dr6.c \
	arch/x86/tsc.c core/soft.c core/stats.c lib/policy.c lib/ratelimit.c \
	lib/gwalk.c lib/x86dec.c lib/x86dec_op.c \
	lib/string.c lib/format.c lib/json.c lib/cmdline.c lib/mb2.c \
	lib/mb1.c lib/pmm.c lib/cpucaps.c lib/msglog.c lib/textscreen.c \
	lib/elf.c lib/pagetable.c lib/blthreshold.c lib/text.c \
	dev/pic.c dev/pit.c dev/uart.c dev/rtc.c dev/isa.c
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel/%.o,$(KERNEL_SRCS))

ELF := $(BUILD)/tollgate.elf
ELF32 := $(BUILD)/tollgate-mb1.elf
ISO := $(BUILD)/tollgate.iso

# Host unit tests: tests/unit/test_NAME.c linked with the pure code it tests.
UNIT_TESTS := format json cmdline string mb2 mb1 pmm cpucaps summary textscreen \
	vmcb elf pagetable blthreshold svm_decode vmcs vmx_caps vmx_decode dr6 \
	ratelimit policy gwalk x86dec acpi madt sched xcr0 mbkernel text \
	pic pit uart rtc isa devs detect ticker bzimage boot64 scale
UNIT_DEPS_format := lib/format.c
UNIT_DEPS_json := lib/json.c lib/format.c
UNIT_DEPS_cmdline := lib/cmdline.c
UNIT_DEPS_string :=
UNIT_DEPS_mb2 := lib/mb2.c lib/format.c
UNIT_DEPS_mb1 := lib/mb1.c lib/format.c
UNIT_DEPS_pmm := lib/pmm.c
UNIT_DEPS_cpucaps := lib/cpucaps.c
UNIT_DEPS_summary := core/summary.c core/names.c lib/json.c lib/format.c \
	lib/cpucaps.c lib/msglog.c lib/policy.c lib/ratelimit.c lib/text.c
UNIT_DEPS_textscreen := lib/textscreen.c
UNIT_DEPS_vmcb :=
UNIT_DEPS_elf := lib/elf.c lib/format.c
UNIT_DEPS_pagetable := lib/pagetable.c
UNIT_DEPS_blthreshold := lib/blthreshold.c
UNIT_DEPS_svm_decode := svm/svm_decode.c
UNIT_DEPS_vmcs :=
UNIT_DEPS_vmx_caps := vmx/vmx_caps.c lib/format.c
UNIT_DEPS_vmx_decode := vmx/vmx_decode.c
UNIT_DEPS_dr6 := lib/dr6.c
UNIT_DEPS_ratelimit := lib/ratelimit.c
UNIT_DEPS_policy := lib/policy.c lib/ratelimit.c lib/cmdline.c lib/format.c
UNIT_DEPS_gwalk := lib/gwalk.c
UNIT_DEPS_x86dec := lib/x86dec.c lib/x86dec_op.c
UNIT_DEPS_acpi := lib/acpi.c lib/format.c
UNIT_DEPS_madt := lib/acpi.c lib/format.c
UNIT_DEPS_sched := lib/sched.c
UNIT_DEPS_xcr0 := lib/xcr0.c
UNIT_DEPS_scale :=
UNIT_DEPS_mbkernel := lib/mbkernel.c lib/format.c
UNIT_DEPS_bzimage := lib/bzimage.c lib/boot64.c lib/pagetable.c lib/format.c
UNIT_DEPS_boot64 := lib/boot64.c lib/pagetable.c lib/format.c
UNIT_DEPS_text := lib/text.c
UNIT_DEPS_pic := dev/pic.c
UNIT_DEPS_pit := dev/pit.c
UNIT_DEPS_uart := dev/uart.c
UNIT_DEPS_rtc := dev/rtc.c
UNIT_DEPS_isa := dev/isa.c
UNIT_DEPS_devs := dev/pic.c dev/pit.c dev/uart.c
UNIT_DEPS_detect := core/detect.c lib/cmdline.c
UNIT_DEPS_ticker := guest/ticker/calc.c
UNIT_BINS := $(patsubst %,$(BUILD)/host/test_%,$(UNIT_TESTS))

QEMU := qemu-system-x86_64
QEMU_FLAGS := -machine q35 -cpu max -m 256M -smp $(CPUS) -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
OVMF_CODE := /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS := /usr/share/OVMF/OVMF_VARS_4M.fd

# --- guests (begin) ---
# Test guests (guest/, docs/guest-abi.md): freestanding ELF64 programs linked
# at 1 MiB by guest/guest.ld, each with the guest runtime and the repo's own
# formatting and string code, compiled with the kernel's flags.
GUEST_NAMES := xchg hostile aligned bench victim statespy edges forger
GUEST_LIB_SRCS := guest/lib/start.S guest/lib/traps.S guest/lib/cpu.c \
	guest/lib/guest.c lib/format.c lib/string.c
GUEST_LIB_OBJS := $(patsubst %,$(BUILD)/guest/%.o,$(GUEST_LIB_SRCS))
GUEST_OBJS := $(GUEST_LIB_OBJS) \
	$(patsubst %,$(BUILD)/guest/guest/%.c.o,$(GUEST_NAMES))
GUEST_ELFS := $(patsubst %,$(BUILD)/guest/%.elf,$(GUEST_NAMES))
GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	-T guest/guest.ld

guests: $(GUEST_ELFS) ## Build the test guests, build/guest/NAME.elf

$(BUILD)/guest/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/guest/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

$(GUEST_ELFS): $(BUILD)/guest/%.elf: $(BUILD)/guest/guest/%.c.o \
		$(GUEST_LIB_OBJS) guest/guest.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(GUEST_LDFLAGS) -o $@ $< $(GUEST_LIB_OBJS)

.PHONY: guests
-include $(GUEST_OBJS:.o=.d)
# --- guests (end) ---

# --- ticker (begin) ---
# ticker (guest/ticker/, docs/guest-abi.md): a Multiboot 1 kernel, not a
# Tollgate-ABI guest.  32-bit freestanding code without the guest runtime,
# one ELF32 segment at 1 MiB (guest/ticker/ticker.ld), loadable by QEMU
# -kernel and, through its a.out-kludge header, by any Multiboot loader.
TICKER_SRCS := guest/ticker/entry.S guest/ticker/ticker.c guest/ticker/trap.c \
	guest/ticker/pic.c guest/ticker/pit.c guest/ticker/uart.c \
	guest/ticker/rtc.c guest/ticker/calc.c
TICKER_OBJS := $(patsubst %,$(BUILD)/ticker/%.o,$(TICKER_SRCS))
TICKER_ELF := $(BUILD)/guest/ticker.elf
TICKER_CFLAGS := -std=gnu11 -O2 -g -m32 -march=i686 -ffreestanding -fno-pic \
	-fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-common \
	$(WARNINGS) -I. -MMD -MP
TICKER_LDFLAGS := -m elf_i386 -nostdlib -static -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments -T guest/ticker/ticker.ld

guests: $(TICKER_ELF)
all: $(TICKER_ELF)

ticker: $(TICKER_ELF) ## Build build/guest/ticker.elf, the Multiboot 1 test kernel

# -icount shift=0,sleep=off: the TSC and the PIT count one virtual clock.
run-ticker: $(TICKER_ELF) ## Boot ticker alone in QEMU, CMDLINE="ticks=50 hz=100"
	$(QEMU) -machine pc -cpu max -m 256M -no-reboot -display none \
		-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-icount shift=0,sleep=off -kernel $(TICKER_ELF) \
		-append "$(CMDLINE) exit=qemu"; status=$$?; [ $$status -eq 1 ]

.PHONY: ticker run-ticker

$(BUILD)/ticker/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC32    $<")
	$(Q)$(CC) $(TICKER_CFLAGS) -c $< -o $@

$(BUILD)/ticker/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS32    $<")
	$(Q)$(CC) -m32 -I. -MMD -MP -D__ASSEMBLER__ -c $< -o $@

$(TICKER_ELF): $(TICKER_OBJS) guest/ticker/ticker.ld
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(TICKER_LDFLAGS) -o $@ $(TICKER_OBJS)

-include $(TICKER_OBJS:.o=.d)
# --- ticker (end) ---

# --- linux guest (begin) ---
# What runs in the Linux guest (README, "Linux guest"): Debian's kernel and
# busybox-static, fetched and unpacked into build/linux by scripts/fetch-linux
# (scripts/deps runs it too), and an initramfs of busybox, guest/linux/init.c
# as /init and the test programs of guest/linux/, static programs built with
# the host's C library.  LINUX_EXTRA=FILE,FILE... adds your own programs to
# its /bin (under their base names), for tg.run=NAME.
LINUX_DIR := $(BUILD)/linux
LINUX_KERNEL := $(LINUX_DIR)/vmlinuz
LINUX_BUSYBOX := $(LINUX_DIR)/busybox
INITRD := $(LINUX_DIR)/initrd.img
LINUX_TESTS := xchgtest victimtest
LINUX_INIT := $(LINUX_DIR)/progs/init
LINUX_PROGS := $(patsubst %,$(LINUX_DIR)/progs/%,$(LINUX_TESTS))
LINUX_CFLAGS := -std=gnu11 -O2 -static $(WARNINGS) -MMD -MP
LINUX_EXTRA ?=
comma := ,
LINUX_EXTRA_FILES := $(subst $(comma), ,$(LINUX_EXTRA))

initramfs: $(INITRD) $(LINUX_KERNEL) ## Fetch Debian's kernel, build build/linux/initrd.img (LINUX_EXTRA=FILE,...)

# Only when missing: delete build/linux to fetch Debian's current kernel.
$(LINUX_KERNEL) $(LINUX_BUSYBOX) &:
	$(Q)scripts/fetch-linux $(LINUX_DIR)

$(LINUX_DIR)/progs/%: guest/linux/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(LINUX_CFLAGS) -o $@ $<

# The initramfs lists LINUX_EXTRA's files: rebuild it when the list changes.
$(LINUX_DIR)/extra.txt: FORCE
	@mkdir -p $(dir $@)
	@echo '$(LINUX_EXTRA)' | cmp -s - $@ || echo '$(LINUX_EXTRA)' > $@

$(INITRD): $(LINUX_INIT) $(LINUX_PROGS) $(LINUX_BUSYBOX) $(LINUX_EXTRA_FILES) \
		$(LINUX_DIR)/extra.txt scripts/mkinitramfs
	@$(if $(Q),echo "  INITRD  $@")
	$(Q)scripts/mkinitramfs $@ --init $(LINUX_INIT) --busybox $(LINUX_BUSYBOX) \
		$(addprefix --bin ,$(LINUX_PROGS) $(LINUX_EXTRA_FILES))

# For the boot tests: the initramfs when scripts/deps could fetch busybox;
# without it (no network) the Linux boot case is skipped, saying why.
LINUX_IF_FETCHED = [ ! -e $(LINUX_BUSYBOX) ] || $(MAKE) --no-print-directory initramfs

.PHONY: initramfs
-include $(LINUX_INIT:=.d) $(LINUX_PROGS:=.d)
# --- linux guest (end) ---

# libFuzzer targets (clang): tests/fuzz/fuzz_NAME.c with the code it feeds.
FUZZ_TARGETS := x86dec summary
FUZZ_DEPS_x86dec := lib/x86dec.c lib/x86dec_op.c
FUZZ_DEPS_summary := core/summary.c core/names.c lib/json.c lib/format.c \
	lib/cpucaps.c lib/msglog.c lib/policy.c lib/ratelimit.c lib/text.c
# Longest input each target reads (make fuzz; tests/run.py for the smoke).
FUZZ_MAX_LEN_x86dec := 40
FUZZ_MAX_LEN_summary := 4096
FUZZ_BINS := $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))
FUZZ_TIME ?= 600
FUZZ_CFLAGS := -std=gnu11 -O1 -g $(WARNINGS) -I. \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

fuzz-smoke: $(FUZZ_BINS) ## Run each fuzz target briefly from a fixed seed (make test does)
	$(Q)python3 tests/run.py --fuzz $(FUZZ_BINS)

fuzz: $(FUZZ_BINS) ## Fuzz each target for FUZZ_TIME seconds (default 600)
	@for t in $(FUZZ_TARGETS); do mkdir -p $(BUILD)/fuzz/$$t-corpus; \
		$(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) \
			-max_len=$(FUZZ_MAX_LEN_$$t) \
			-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/$$t-corpus \
			|| exit 1; done

.PHONY: FORCE all iso fuzz fuzz-smoke bench experiment run run-uefi run-kernel run-kvm run-bochs gdb test unit-test \
	boot-test test-slow deps help clean
.DEFAULT_GOAL := all

all: $(ELF) $(ELF32) $(ISO) ## Build the image, its Multiboot 1 twin and the ISO

iso: $(ISO) ## Build build/tollgate.iso (BIOS and UEFI)

$(BUILD)/kernel/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

$(BUILD)/kernel/core/font.S.o: $(BUILD)/font.psf
# The image embeds the guests without their debug information.
GUEST_EMBED := $(patsubst %,$(BUILD)/guest/embed/%.elf,$(GUEST_NAMES))
$(BUILD)/guest/embed/%.elf: $(BUILD)/guest/%.elf
	@mkdir -p $(dir $@)
	$(Q)$(OBJCOPY) --strip-debug $< $@
$(BUILD)/kernel/core/guest_images.S.o: $(GUEST_EMBED)
$(BUILD)/kernel/svm/svm_entry.S.o $(BUILD)/kernel/vmx/vmx_entry.S.o: \
	$(BUILD)/gen/asm_offsets.h

# Struct offsets for the assembly stubs, generated from core/asm_offsets.c.
$(BUILD)/gen/asm_offsets.h: core/asm_offsets.c core/vm.h vmx/vmcs.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(CC) $(filter-out -MMD -MP -g,$(KERNEL_CFLAGS)) -S $< -o $@.s
	$(Q)(echo '/* Generated from core/asm_offsets.c: do not edit. */'; \
		sed -n 's/.*->\([A-Z0-9_]*\) \([0-9]*\).*/#define \1 \2/p' $@.s) > $@

$(BUILD)/font.psf: $(FONT)
	@mkdir -p $(dir $@)
	$(Q)gzip -dc $< > $@

$(ELF): $(KERNEL_OBJS) linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)

# QEMU's -kernel loads Multiboot 1 images only from ELF32.
$(ELF32): $(ELF)
	@$(if $(Q),echo "  OBJCOPY $@")
	$(Q)$(OBJCOPY) -O elf32-i386 $< $@

# The ISO carries CMDLINE in its grub.cfg: rebuild it when CMDLINE changes.
$(BUILD)/cmdline.txt: FORCE
	@mkdir -p $(dir $@)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@

$(ISO): $(ELF) scripts/mkiso $(BUILD)/cmdline.txt
	@$(if $(Q),echo "  ISO     $@")
	$(Q)scripts/mkiso $(ELF) $@ "$(CMDLINE)" 2

$(BUILD)/host/test_%: tests/unit/test_%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $< $(UNIT_DEPS_$*) -lcmocka -o $@

.SECONDEXPANSION:
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_DEPS_$$*) $(wildcard lib/*.h core/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)clang $(FUZZ_CFLAGS) $< $(FUZZ_DEPS_$*) -o $@

$(UNIT_BINS): $(BUILD)/host/test_%: $$(UNIT_DEPS_$$*) $(wildcard lib/*.h core/*.h svm/*.h vmx/*.h arch/x86/*.h dev/*.h)

deps: ## Install the Debian packages the build and tests need, fetch Debian's kernel
	$(Q)LINUX_DIR=$(LINUX_DIR) scripts/deps

run: deps all ## Build, then boot the ISO in QEMU (BIOS) on this terminal
	$(QEMU) $(QEMU_FLAGS) -display none -serial stdio -cdrom $(ISO); \
		status=$$?; [ $$status -eq 1 ] || [ $$status -eq 0 ]

# Debian's kernel as guest 'linux' (README, "Linux on Tollgate"), its words
# LINUX_ARGS (commas for spaces), beside the guests of CMDLINE; by default
# alone, its user mode stepped by the software detector (soft=user).
LINUX_ARGS ?= console=ttyS0,nolapic,panic=-1,tg.run=xchgtest:1000
run-linux: deps all initramfs ## Boot Debian's Linux under Tollgate in QEMU, CMDLINE="guests=linux,xchg ..."
	scripts/mkiso $(ELF) $(BUILD)/run-linux.iso \
		"$(if $(CMDLINE),$(CMDLINE),guests=linux detect=soft) linux.mem=384 timeout=600" 0 \
		$(LINUX_KERNEL):linux:$(LINUX_ARGS) $(INITRD):linux.initrd
	$(QEMU) $(QEMU_FLAGS) -m 1G -display none -serial stdio \
		-cdrom $(BUILD)/run-linux.iso; status=$$?; \
		[ $$status -eq 1 ] || [ $$status -eq 0 ]

run-uefi: deps all ## Boot the ISO in QEMU with OVMF (UEFI)
	cp $(OVMF_VARS) $(BUILD)/ovmf-vars.fd
	$(QEMU) $(QEMU_FLAGS) -display none -serial stdio \
		-drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) \
		-drive if=pflash,format=raw,file=$(BUILD)/ovmf-vars.fd \
		-cdrom $(ISO); status=$$?; [ $$status -eq 1 ] || [ $$status -eq 0 ]

run-kernel: deps all ## Boot with QEMU -kernel (Multiboot 1), CMDLINE="..."
	$(QEMU) $(QEMU_FLAGS) -display none -serial stdio -kernel $(ELF32) \
		-append "$(CMDLINE)"; status=$$?; [ $$status -eq 1 ] || [ $$status -eq 0 ]

run-kvm: deps all ## Boot the ISO with KVM (-enable-kvm -cpu host), nested hosts
	@python3 -c 'import sys; sys.path.insert(0, "tests/boot"); import harness; \
		why = harness.kvm_nested_problem(); why and sys.exit("run-kvm: " + why)'
	$(QEMU) $(QEMU_FLAGS:max=host) -enable-kvm -display none -serial stdio \
		-cdrom $(ISO); status=$$?; [ $$status -eq 1 ] || [ $$status -eq 0 ]

run-bochs: deps all ## Boot the ISO in Bochs, MODEL=tigerlake|ryzen
	scripts/bochs-run --model $(MODEL) --cpus $(CPUS) --iso $(ISO) \
		--cmdline "exit=bochs $(CMDLINE)"

gdb: deps all ## Boot in QEMU stopped, with GDB attached and symbols loaded
	$(QEMU) $(QEMU_FLAGS) -display none -serial file:$(BUILD)/gdb-serial.log \
		-kernel $(ELF32) -append "$(CMDLINE)" -S -gdb tcp::1234 & \
	gdb -q $(ELF) -ex 'target remote :1234' -ex 'break kmain' -ex continue; \
	kill %1 2>/dev/null; true

unit-test: $(UNIT_BINS) ## Build and run the host unit tests only
	$(Q)python3 tests/run.py --unit $(UNIT_BINS)

boot-test: all ## Run the boot tests only
	$(Q)$(LINUX_IF_FETCHED)
	$(Q)python3 tests/run.py --boot --build $(BUILD)

test: deps all $(UNIT_BINS) $(FUZZ_BINS) ## Run every test but the slow ones; ends with "N passed, N failed"
	$(Q)$(LINUX_IF_FETCHED)
	$(Q)python3 tests/run.py --unit $(UNIT_BINS) --fuzz $(FUZZ_BINS) --plot \
		--scripts --boot --build $(BUILD)

# The Linux boots on Bochs (minutes each), apart so that `make test` stays
# short; each is skipped, saying why, without the modelled Bochs or the kernel.
test-slow: deps all ## Run the slow boot tests (Linux on Bochs); ends with "N passed, N failed"
	$(Q)$(LINUX_IF_FETCHED)
	$(Q)python3 tests/run.py --boot --slow --build $(BUILD)

bench: deps all ## What hypercalls, steps and bus locks cost (QEMU -icount; modelled Bochs)
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/profile PROFILE=1 all
	$(Q)python3 scripts/bench $(BUILD)

# EXPERIMENT="--launcher bochs --ratelimit 200 ..." passes options on.
experiment: deps all ## Noisy neighbour: xchg vs victim on 2 CPUs per policy, then a PNG
	$(Q)python3 scripts/experiment --build $(BUILD) $(EXPERIMENT)

clean: ## Remove build/
	rm -rf $(BUILD)

help: ## List the targets
	@echo "Tollgate $(VERSION).  make [V=1] TARGET"
	@grep -hE '^[a-z0-9-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | \
		sed -E 's/^([a-z0-9-]+):.*## (.*)/  \1\t\2/' | expand -t 14
	@echo "Variables: CMDLINE='key=value ...' MODEL=tigerlake|ryzen V=1 BOCHS_BUSLOCK=PATH"
	@echo "           LINUX_EXTRA=FILE,FILE... (your programs in the initramfs's /bin)"

-include $(KERNEL_OBJS:.o=.d)
