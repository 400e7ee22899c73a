/* SPDX-License-Identifier: MIT */
/*
 * The built-in guests (guest/), linked into the image as ELF files.  The
 * Makefile puts build/guest on the assembler's include path.
 */
	.section .rodata
	.balign 16
	.globl guest_xchg_start, guest_xchg_end
guest_xchg_start:
	.incbin "xchg.elf"
guest_xchg_end:
	.balign 16
	.globl guest_hostile_start, guest_hostile_end
guest_hostile_start:
	.incbin "hostile.elf"
guest_hostile_end:
	.balign 16
	.globl guest_aligned_start, guest_aligned_end
guest_aligned_start:
	.incbin "aligned.elf"
guest_aligned_end:
	.balign 16
	.globl guest_bench_start, guest_bench_end
guest_bench_start:
	.incbin "bench.elf"
guest_bench_end:
	.balign 16
	.globl guest_victim_start, guest_victim_end
guest_victim_start:
	.incbin "victim.elf"
guest_victim_end:
	.balign 16
	.globl guest_statespy_start, guest_statespy_end
guest_statespy_start:
	.incbin "statespy.elf"
guest_statespy_end:
	.balign 16
	.globl guest_edges_start, guest_edges_end
guest_edges_start:
	.incbin "edges.elf"
guest_edges_end:
	.balign 16
	.globl guest_forger_start, guest_forger_end
guest_forger_start:
	.incbin "forger.elf"
guest_forger_end:
