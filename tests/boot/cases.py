# SPDX-License-Identifier: MIT
"""The boot tests: each boots Tollgate one way and checks the parsed SUMMARY
with the checks of tests/boot/checks.py; a KernelCase boots one of the
project's own Multiboot kernels under QEMU alone and checks its result line.
"""
import harness
from harness import Boot
from checks import *  # noqa: F401,F403  (Case, the checks and their constants)

CASES = [
    Case("qemu-kernel", Boot("qemu-kernel", "", timeout=60),
         {**PASS, "boot": "multiboot1", "firmware": "bios", "virt": "svm", "screen": "vga",
          "cpu.svm": True, "cpu.vmx": False},
         exit_status=QEMU_PASS, extra=all_of(no_errors, xchg_done(1000))),
    Case("qemu-bios-iso", Boot("qemu-bios", "", timeout=120),
         {**PASS, "boot": "multiboot2", "firmware": "bios", "virt": "svm",
          "screen": "vga"},
         exit_status=QEMU_PASS, extra=all_of(no_errors, xchg_done(1000))),
    # Two CPUs: the AP trampoline's page comes from the EFI memory map here.
    Case("qemu-uefi-iso", Boot("qemu-uefi", "guests=xchg,aligned", timeout=240, cpus=2),
         {**PASS, "boot": "multiboot2", "firmware": "uefi", "virt": "svm",
          "screen": "framebuffer", "cpus": 2, "cpus_found": 2},
         exit_status=QEMU_PASS, extra=all_of(no_errors, xchg_done(1000), aligned_done(1000),
                                             on_cpus(spread=("xchg", "aligned")))),
    Case("bochs-tigerlake", Boot("bochs", "exit=bochs guests=xchg,hostile",
                                 model="tigerlake", timeout=480),
         {**PASS, "boot": "multiboot2", "firmware": "bios", "vendor": "intel", "screen": "vga",
          "virt": "vmx", "cpu.vmx": True, "cpu.svm": False},
         exit_status=0,
         extra=all_of(no_errors, xchg_done(1000), hostile_killed(OUTSIDE_RAM))),
    Case("vmx-icelake-xchg-hostile",
         Boot("bochs", "exit=bochs guests=hostile,xchg xchg.count=300",
              model="corei7_icelake_u", timeout=480),
         {**PASS, "vendor": "intel", "virt": "vmx"}, exit_status=0,
         extra=all_of(xchg_done(300), hostile_killed(OUTSIDE_RAM))),
    Case("kvm-host", Boot("qemu-kvm", "guests=xchg,hostile", timeout=240),
         {**PASS}, exit_status=QEMU_PASS,
         extra=all_of(xchg_done(1000), hostile_killed(OUTSIDE_RAM)),
         requires=harness.kvm_nested_problem),
    Case("bochs-ryzen", Boot("bochs", "exit=bochs guests=xchg,hostile", model="ryzen",
                             timeout=480),
         {**PASS, "boot": "multiboot2", "firmware": "bios", "vendor": "amd", "screen": "vga",
          "virt": "svm", "cpu.svm": True, "cpu.vmx": False},
         exit_status=0,
         extra=all_of(no_errors, xchg_done(1000), hostile_killed(OUTSIDE_RAM))),
    Case("svm-xchg-hostile", Boot("qemu-kernel", "guests=hostile,xchg xchg.count=300",
                                  timeout=120),
         {**PASS, "virt": "svm"}, exit_status=QEMU_PASS,
         extra=all_of(xchg_done(300), hostile_killed(OUTSIDE_RAM))),
    Case("svm-hostile-vmrun", Boot("qemu-kernel", "guests=hostile,xchg hostile.attack=3",
                                   timeout=120),
         {**PASS, "virt": "svm"}, exit_status=QEMU_PASS,
         extra=all_of(xchg_done(1000),
                      hostile_killed(r"executed a virtualization instruction"))),
    Case("svm-hostile-triple-fault", Boot("qemu-kernel", "guests=hostile hostile.attack=4",
                                          timeout=120),
         {**PASS, "virt": "svm"}, exit_status=QEMU_PASS,
         extra=hostile_killed(r"triple fault")),
    Case("soft-svm", Boot("qemu-kernel", "guests=xchg,aligned xchg.count=300 detect=soft",
                          timeout=180),
         {**PASS, "virt": "svm", "detect": "soft", "policy": "warn"},
         exit_status=QEMU_PASS, extra=soft_counts(300)),
    Case("soft-vmx", Boot("bochs", "exit=bochs guests=xchg,aligned xchg.count=300 detect=soft",
                          model="tigerlake", timeout=480),
         {**PASS, "virt": "vmx", "detect": "soft"}, exit_status=0,
         extra=soft_counts(300)),
    # A split lock right after MOV SS runs in the same single step (SDM
    # Vol. 3A 6.8.3): the software detector still counts each one.
    Case("soft-movss-svm", Boot("qemu-kernel", "guests=xchg,aligned xchg.count=300 "
                                "xchg.movss=1 detect=soft", timeout=180),
         {**PASS, "virt": "svm", "detect": "soft"}, exit_status=QEMU_PASS,
         extra=all_of(soft_counts(300), log_has("each after a MOV SS"))),
    Case("soft-movss-vmx", Boot("bochs", "exit=bochs guests=xchg,aligned xchg.count=300 "
                                "xchg.movss=1 detect=soft", model="tigerlake", timeout=480),
         {**PASS, "virt": "vmx", "detect": "soft"}, exit_status=0,
         extra=all_of(soft_counts(300), log_has("each after a MOV SS"))),
    Case("fatal-movss-svm", Boot("qemu-kernel", "guests=xchg,aligned detect=soft "
                                 "buslock=fatal xchg.movss=1", timeout=180),
         {**PASS, "policy": "fatal"}, exit_status=QEMU_PASS, extra=fatal_stops_xchg),
    # Two guests on one CPU: each sees the reset state, not the other's, and
    # keeps its own across the other's turns (XMM/YMM, MXCSR, FCW, XCR0,
    # DR0-DR3, CR2, KERNEL_GS_BASE, the SYSCALL MSRs, TSC_AUX).
    Case("state-svm", Boot("qemu-kernel", "guests=writer,spy,xchg writer.cpu=0 spy.cpu=0 "
                           "xchg.cpu=0 xchg.count=100", timeout=120),
         {**PASS, "virt": "svm"}, exit_status=QEMU_PASS,
         extra=all_of(no_errors, xchg_done(100), states({"writer": "done", "spy": "done"}),
                      state_kept("writer", "spy"))),
    Case("state-vmx", Boot("bochs", "exit=bochs guests=writer,spy,xchg writer.cpu=0 "
                           "spy.cpu=0 xchg.cpu=0 xchg.count=100", model="tigerlake",
                           timeout=480),
         {**PASS, "virt": "vmx"}, exit_status=0,
         extra=all_of(no_errors, xchg_done(100), states({"writer": "done", "spy": "done"}),
                      state_kept("writer", "spy"))),
    # Exact emulation: prefixed CPUID/HLT (SVM without next-RIP), 32-bit IN,
    # INVD/WBINVD as no-ops, EFER and XSETBV #GPs.
    Case("edges-svm", Boot("qemu-kernel", "guests=edges", timeout=120),
         {**PASS, "virt": "svm"}, exit_status=QEMU_PASS,
         extra=all_of(no_errors, states({"edges": "done"}), edges_ok)),
    Case("edges-vmx", Boot("bochs", "exit=bochs guests=edges", model="tigerlake",
                           timeout=480),
         {**PASS, "virt": "vmx"}, exit_status=0,
         extra=all_of(no_errors, states({"edges": "done"}), edges_ok)),
    # NMIs sent to the CPU running a guest: the host takes them (NMI
    # intercept / NMI exiting), the guest never sees one and counts exactly.
    Case("nmi-svm", Boot("qemu-kernel", "guests=xchg xchg.cpu=1 xchg.count=300 debug.nmi=1",
                         timeout=120, cpus=2),
         {**PASS, "virt": "svm", "cpus": 2}, exit_status=QEMU_PASS,
         extra=all_of(xchg_done(300), soft_exact("xchg", 300), nmis_taken("xchg", 1))),
    Case("nmi-vmx", Boot("bochs", "exit=bochs guests=victim victim.cpu=1 detect=none "
                         "victim.intervals=5 victim.interval_tsc=20000000 debug.nmi=1",
                         model="tigerlake", timeout=480, cpus=2),
         {**PASS, "virt": "vmx", "cpus": 2}, exit_status=0,
         extra=all_of(victim_done(5), nmis_taken("victim", 1))),
    # NAME.mem: zero and more than the host has are errors, that guest is not
    # run, the others are; an odd size is rounded up to whole 2 MiB pages.
    Case("mem-sizes", Boot("qemu-kernel", "guests=xchg,aligned,victim xchg.mem=0 "
                           "aligned.mem=3000 victim.mem=37 victim.intervals=2 "
                           "victim.interval_tsc=1000000 victim.buslock=off", timeout=120),
         {"result": "fail", "virt": "svm"}, exit_status=QEMU_FAIL,
         extra=all_of(states({"victim": "done"}), mem_errors)),
    Case("fatal-svm", Boot("qemu-kernel", "guests=xchg,aligned detect=soft buslock=fatal",
                           timeout=180),
         {**PASS, "policy": "fatal"}, exit_status=QEMU_PASS, extra=fatal_stops_xchg),
    Case("fatal-vmx", Boot("bochs", "exit=bochs guests=xchg,aligned detect=soft buslock=fatal",
                           model="tigerlake", timeout=480),
         {**PASS, "policy": "fatal"}, exit_status=0, extra=fatal_stops_xchg),
    Case("ratelimit-svm", Boot("qemu-kernel", "guests=xchg xchg.count=300 detect=soft "
                               "buslock=ratelimit:100 stats=200", timeout=180),
         {**PASS, "policy": "ratelimit:100"}, exit_status=QEMU_PASS,
         extra=ratelimit_throttles),
    Case("ratelimit-vmx", Boot("bochs", "exit=bochs guests=xchg xchg.count=300 detect=soft "
                               "buslock=ratelimit:100 stats=200", model="tigerlake",
                               timeout=480),
         {**PASS, "policy": "ratelimit:100"}, exit_status=0, extra=ratelimit_throttles),
    Case("detect-hw-without-hw", Boot("qemu-kernel", "guests=xchg detect=hw", timeout=120),
         {"result": "fail", "detect": "none"}, exit_status=QEMU_FAIL,
         extra=lambda s, log: [] if any("detect=hw" in e for e in s.get("errors", []))
         else [f"errors do not explain detect=hw: {s.get('errors')}"]),
    Case("module2-guest", Boot("qemu-bios", "guests=xchgmod,hostile detect=none",
                               timeout=120, modules=(("guest/xchg.elf", "xchgmod"),)),
         {**PASS, "detect": "none"}, exit_status=QEMU_PASS,
         extra=all_of(xchg_done(1000, "xchgmod"), hostile_killed(OUTSIDE_RAM))),
    Case("bad-cmdline", Boot("qemu-kernel", "exit=qemu bogus=1 exit=sometimes junk",
                             timeout=60),
         {"result": "pass", "boot": "multiboot1"},
         exit_status=QEMU_PASS, extra=bad_cmdline_named),
    Case("fault-pf", Boot("qemu-kernel", "debug.fault=pf", timeout=60),
         {"result": "fail"}, exit_status=QEMU_FAIL,
         extra=register_dump("#PF", cr2=64 << 30)),
    Case("fault-ud", Boot("qemu-kernel", "debug.fault=ud", timeout=60),
         {"result": "fail"}, exit_status=QEMU_FAIL, extra=register_dump("#UD")),

    # A fault in the hypervisor on an AP while the boot CPU runs a guest: one
    # whole dump, one SUMMARY, and the run fails.
    Case("fault-on-ap", Boot("qemu-kernel", "guests=xchg,victim victim.buslock=off "
                             "debug.fault=pf debug.fault_cpu=1", timeout=60, cpus=2),
         {"result": "fail", "cpus": 2}, exit_status=QEMU_FAIL,
         extra=all_of(register_dump("#PF", cr2=64 << 30),
                      log_has("hypervisor exception 14 (#PF page fault) on CPU 1"),
                      dump_whole(r"^Tollgate: hypervisor exception", r"^Tollgate: PANIC"))),

    # --- SMP (issue 6): two CPUs, placement, slicing ------------------------
    Case("smp-svm", Boot("qemu-kernel", "guests=xchg,victim victim.intervals=10 "
                         "victim.interval_tsc=100000000 victim.buslock=off",
                         timeout=120, cpus=2),
         {**PASS, "virt": "svm", "cpus": 2, "cpus_found": 2}, exit_status=QEMU_PASS,
         extra=all_of(no_errors, xchg_done(1000), victim_done(10), stats_while_running,
                      on_cpus(spread=("xchg", "victim")))),
    Case("smp-vmx", Boot("bochs", "exit=bochs guests=xchg,victim xchg.count=300 "
                         "victim.intervals=10 victim.interval_tsc=10000000 "
                         "victim.buslock=off", model="tigerlake", timeout=300, cpus=2),
         {**PASS, "virt": "vmx", "cpus": 2, "cpus_found": 2}, exit_status=0,
         extra=all_of(no_errors, xchg_done(300), victim_done(10), stats_while_running,
                      on_cpus(spread=("xchg", "victim")))),
    Case("smp-hostile-svm", Boot("qemu-kernel", "guests=hostile,xchg,aligned hostile.cpu=0 "
                                 "xchg.cpu=1 aligned.cpu=1", timeout=120, cpus=2),
         {**PASS, "virt": "svm", "cpus": 2}, exit_status=QEMU_PASS,
         extra=all_of(hostile_killed(OUTSIDE_RAM), xchg_done(1000), aligned_done(1000),
                      on_cpus({"hostile": 0, "xchg": 1, "aligned": 1}))),
    Case("smp-hostile-vmx", Boot("bochs", "exit=bochs guests=hostile,xchg,aligned "
                                 "hostile.cpu=1 xchg.cpu=0 aligned.cpu=0 xchg.count=300 "
                                 "aligned.count=300", model="tigerlake", timeout=300,
                                 cpus=2),
         {**PASS, "virt": "vmx", "cpus": 2}, exit_status=0,
         extra=all_of(hostile_killed(OUTSIDE_RAM), xchg_done(300), aligned_done(300),
                      on_cpus({"hostile": 1, "xchg": 0, "aligned": 0}))),
    # SVM SMP under Bochs: its leaked single-step #DB lands while the guest's
    # GS base is loaded, on the AP as well as the boot CPU.
    Case("smp-hostile-svm-bochs", Boot("bochs", "exit=bochs guests=hostile,xchg,aligned "
                                       "hostile.cpu=1 xchg.cpu=0 aligned.cpu=0 "
                                       "xchg.count=300 aligned.count=300", model="ryzen",
                                       timeout=300, cpus=2),
         {**PASS, "virt": "svm", "cpus": 2}, exit_status=0,
         extra=all_of(hostile_killed(OUTSIDE_RAM), xchg_done(300), aligned_done(300),
                      on_cpus({"hostile": 1, "xchg": 0, "aligned": 0}))),
    Case("smp-pin-missing-cpu", Boot("qemu-kernel", "guests=xchg,aligned xchg.cpu=5",
                                     timeout=60, cpus=2),
         {"result": "fail", "cpus": 2}, exit_status=QEMU_FAIL,
         extra=all_of(never_ran("xchg", 2), aligned_done(1000), on_cpus({}, ("aligned",)))),
    # detect=none: xchg, not single-stepped, is done within a few slices, far
    # from the victim's end however fast the host; under Bochs (deterministic)
    # it is single-stepped, which exercises steps and the preemption timer.
    # A CPU that never answers INIT-SIPI-SIPI (debug.ap_silent sends its IPIs
    # to an APIC ID nobody has): reported, left out, the others run on.
    Case("smp-ap-silent", Boot("qemu-kernel", "guests=xchg,aligned debug.ap_silent=1 "
                               "aligned.cpu=2 xchg.count=300 aligned.count=300",
                               timeout=60, cpus=3),
         {**PASS, "virt": "svm", "cpus": 2, "cpus_found": 3, "errors": []},
         exit_status=QEMU_PASS,
         extra=all_of(xchg_done(300), aligned_done(300),
                      log_has("CPU 1 (APIC ID 1) did not answer INIT-SIPI-SIPI"),
                      on_cpus({"xchg": 0, "aligned": 2}, ncpus=3))),
    # Detection off for xchg alone, on for aligned beside it.
    Case("buslock-off-one-guest", Boot("qemu-kernel", "guests=xchg,aligned "
                                       "xchg.buslock=off xchg.count=300 "
                                       "aligned.count=300", timeout=60, cpus=2),
         {**PASS, "virt": "svm", "cpus": 2, "detect": "soft"}, exit_status=QEMU_PASS,
         extra=all_of(no_errors, xchg_done(300), aligned_done(300),
                      undetected("xchg"))),
    # Five guests on two CPUs, 2 ms slices, one throttled, one killed: every
    # path of the scheduler at once (turns end by timer, HLT, sleep and stop).
    Case("smp-mixed", Boot("qemu-kernel", "guests=xchg,aligned,hostile,bench,victim "
                           "buslock=ratelimit:200 slice=2 stats=50 victim.buslock=off "
                           "victim.intervals=10 victim.interval_tsc=20000000 "
                           "xchg.count=500 aligned.count=300 bench.iterations=100",
                           timeout=120, cpus=2),
         {**PASS, "virt": "svm", "cpus": 2, "slice_ms": 2}, exit_status=QEMU_PASS,
         extra=all_of(no_errors, xchg_done(500), aligned_done(300), victim_done(10),
                      hostile_killed(OUTSIDE_RAM), stats_while_running,
                      states({"bench": "done"}),
                      on_cpus({"xchg": 0, "aligned": 1, "hostile": 0, "bench": 1,
                               "victim": 0}))),
    # The TSC measured against the HPET (as on a machine without a PIT).
    # -icount ties QEMU's clocks to instructions, so the two measurements
    # agree however loaded the host is.
    Case("tsc-hpet", Boot("qemu-kernel", "guests=aligned aligned.count=100 debug.tsc=hpet",
                          timeout=120, qemu_args=("-icount", "shift=0")),
         {**PASS, "virt": "svm", "errors": []}, exit_status=QEMU_PASS,
         extra=all_of(aligned_done(100), tsc_by_hpet)),
    Case("tsc-hpet-bochs", Boot("bochs", "exit=bochs guests=aligned aligned.count=100 "
                                "debug.tsc=hpet", model="tigerlake", timeout=300),
         {**PASS, "virt": "vmx", "errors": []}, exit_status=0,
         extra=all_of(aligned_done(100), tsc_by_hpet)),
    # No ACPI tables at all (QEMU's pc machine with acpi=off): one CPU, said.
    Case("smp-no-acpi", Boot("qemu-kernel", "guests=xchg,aligned xchg.count=300 "
                             "aligned.count=300", timeout=60, cpus=2,
                             qemu_args=("-machine", "pc,acpi=off")),
         {**PASS, "virt": "svm", "cpus": 1, "cpus_found": 1, "errors": []},
         exit_status=QEMU_PASS,
         extra=all_of(xchg_done(300), aligned_done(300),
                      log_has("ACPI: no RSDP"),
                      on_cpus({"xchg": 0, "aligned": 0}, ncpus=1))),
    Case("slice-svm", Boot("qemu-kernel", "guests=victim,xchg victim.cpu=0 xchg.cpu=0 "
                           "slice=5 detect=none victim.intervals=20 "
                           "victim.interval_tsc=100000000", timeout=120, cpus=2),
         {**PASS, "virt": "svm", "cpus": 2, "detect": "none"}, exit_status=QEMU_PASS,
         extra=all_of(xchg_done(1000), victim_done(20),
                      on_cpus({"victim": 0, "xchg": 0}),
                      preempted("victim", XCHG_DONE_LINE, VICTIM_LINE))),
    Case("slice-vmx", Boot("bochs", "exit=bochs guests=victim,xchg victim.cpu=0 xchg.cpu=0 "
                           "slice=5 victim.intervals=10 victim.interval_tsc=10000000 "
                           "victim.buslock=off xchg.count=100", model="tigerlake",
                           timeout=300),
         {**PASS, "virt": "vmx", "cpus": 1}, exit_status=0,
         extra=all_of(xchg_done(100), victim_done(10),
                      on_cpus({"victim": 0, "xchg": 0}, ncpus=1),
                      preempted("victim", XCHG_DONE_LINE, VICTIM_LINE))),

    # --- The virtual PC (issue 13): its test guest on QEMU's real devices --
    # ticker, a Multiboot kernel, straight under QEMU (no Tollgate): PIC, PIT
    # channels 0 and 2, the 16550's THR-empty interrupt, the RTC.  -icount
    # with sleep=off ties the TSC and the PIT to one virtual clock that HLT
    # advances straight to the next timer, so the timings cannot flake.
    KernelCase("ticker-qemu-pc",
               Boot("qemu-multiboot", "ticks=50 hz=100 exit=qemu", timeout=60,
                    kernel="guest/ticker.elf", result_tag="TICKER",
                    qemu_args=("-machine", "pc", "-icount", "shift=0,sleep=off")),
               exit_status=QEMU_PASS, extra=ticker_ok(50, 100)),
    KernelCase("ticker-qemu-q35-1khz",
               Boot("qemu-multiboot", "ticks=200 hz=1000 cal_ms=50 exit=qemu",
                    timeout=60, kernel="guest/ticker.elf", result_tag="TICKER",
                    qemu_args=("-icount", "shift=0,sleep=off")),
               exit_status=QEMU_PASS, extra=ticker_ok(200, 1000)),
    # An exception (fault=ud: UD2 once the IDT is up) is named and stops it.
    KernelCase("ticker-qemu-exception",
               Boot("qemu-multiboot", "fault=ud exit=qemu", timeout=60,
                    kernel="guest/ticker.elf", result_tag="TICKER"),
               exit_status=QEMU_FAIL, result=False,
               extra=log_has("TICKER exception vector=6 error=0x0 eip=0x10")),
]
