/* SPDX-License-Identifier: MIT */
/* The screen font: a PSF font from Debian's console-data, chosen by the Makefile. */
	.section .rodata
	.balign 8
	.globl console_font, console_font_end
console_font:
	.incbin FONT_FILE
console_font_end:
