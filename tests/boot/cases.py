# SPDX-License-Identifier: MIT
"""The boot tests: each boots Tollgate one way and checks the parsed SUMMARY
with the checks of tests/boot/checks.py; a KernelCase boots one of the
project's own Multiboot kernels under QEMU alone and checks its result line.
"""
import harness
from harness import Boot
from checks import *  # noqa: F401,F403  (Case, the checks and their constants)
from linux import LinuxCase, HALTED, xchgtest_done
from linux_bad import (CUT, OLD, BIG_INITRD, BIG_INITRD_MEM, ENTRY32, craft_linux_files,
                       refused, panicked_then_timed_out)

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
    # Stepping with RFLAGS.TF shows through, as README says (SVM; VMX where
    # MTF never exits): xchg's PUSHF after each XCHG and each #DB frame see
    # TF, 600 times.  This is what model-soft-mtf checks is gone with MTF.
    Case("soft-svm", Boot("qemu-kernel", "guests=xchg,aligned xchg.count=300 detect=soft",
                          timeout=180),
         {**PASS, "virt": "svm", "detect": "soft", "policy": "warn"},
         exit_status=QEMU_PASS, extra=all_of(soft_counts(300), sees_tf("xchg"))),
    Case("soft-vmx", Boot("bochs", "exit=bochs guests=xchg,aligned xchg.count=300 detect=soft",
                          model="tigerlake", timeout=480),
         {**PASS, "virt": "vmx", "detect": "soft"}, exit_status=0,
         extra=all_of(soft_counts(300), sees_tf("xchg"),
                      log_has("stepping with RFLAGS.TF instead"))),
    # soft=user: only CPL 3 is stepped, and the IRET into it exits (SVM
    # intercept; VMX virtual-NMI window, here with the TF fallback of
    # Bochs 2.7): every split lock still counted, with its #DB.
    Case("soft-user-svm", Boot("qemu-kernel", "guests=xchg,aligned xchg.count=300 "
                               "detect=soft soft=user", timeout=180),
         {**PASS, "virt": "svm", "detect": "soft"}, exit_status=QEMU_PASS,
         extra=all_of(soft_counts(300), soft_scope("xchg", "user"))),
    Case("soft-user-vmx", Boot("bochs", "exit=bochs guests=xchg,aligned xchg.count=300 "
                               "detect=soft soft=user", model="tigerlake", timeout=480),
         {**PASS, "virt": "vmx", "detect": "soft"}, exit_status=0,
         extra=all_of(soft_counts(300), soft_scope("xchg", "user"),
                      log_has("stepping with RFLAGS.TF instead"))),
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
    # timeout=: a guest still running after it is stopped, the others go on.
    Case("timeout", Boot("qemu-kernel", "guests=victim,xchg timeout=1 xchg.timeout=0 "
                         "victim.intervals=100000 victim.buslock=off xchg.count=300",
                         timeout=120),
         {**PASS, "virt": "svm"}, exit_status=QEMU_PASS,
         extra=all_of(xchg_done(300), states({"victim": "killed"}),
                      lambda s, log: [] if guest_record(s, "victim")["reason"] == "timeout"
                      else ["victim's reason is not 'timeout'"])),
    # ticker, a Multiboot kernel, on the virtual PC: its PIT ticks spaced
    # as programmed, its TSC calibration against PIT channel 2 within 1%, a
    # line sent by THR-empty interrupts, the RTC, done/halted; beside xchg on
    # its CPU and on the other, with exact counts.  -icount makes QEMU's
    # clocks follow instructions, so load cannot skew the figures; stats=0
    # keeps the boot CPU from printing while a tick is due.
    Case("ticker-svm", Boot("qemu-bios", "guests=ticker,xchg,aligned ticker.cpu=0 xchg.cpu=0 "
                            "aligned.cpu=1 ticker.buslock=off xchg.count=300 "
                            "aligned.count=300 stats=0", timeout=300, cpus=2,
                            modules=(("guest/ticker.elf", "ticker:ticks=50,hz=100"),),
                            qemu_args=("-icount", "shift=0,sleep=off")),
         {**PASS, "virt": "svm", "cpus": 2}, exit_status=QEMU_PASS,
         extra=all_of(pc_ticker_ok(50, 100), xchg_done(300), aligned_done(300),
                      on_cpus({"ticker": 0, "xchg": 0, "aligned": 1}))),
    Case("ticker-vmx", Boot("bochs", "exit=bochs guests=ticker,xchg ticker.cpu=0 xchg.cpu=0 "
                            "ticker.buslock=off xchg.count=100 stats=0", model="tigerlake",
                            timeout=600,
                            modules=(("guest/ticker.elf", "ticker:ticks=20,hz=100,cal_ms=50"),)),
         {**PASS, "virt": "vmx"}, exit_status=0,
         extra=all_of(pc_ticker_ok(20, 100), xchg_done(100))),
    # On the modelled Bochs (ryzen: SVM), xchg counted by the Bus Lock
    # Threshold beside it on the same CPU.  A waking guest waits for the
    # running one's turn to end, so 2 ms slices keep every 10 ms tick.
    Case("ticker-model", Boot("bochs-model", "exit=bochs guests=ticker,xchg ticker.cpu=0 "
                              "xchg.cpu=0 detect=threshold xchg.count=100 stats=0 slice=2",
                              model="ryzen", timeout=600,
                              modules=(("guest/ticker.elf", "ticker:ticks=50,hz=100,cal_ms=50"),)),
         {**PASS, "virt": "svm", "detect": "threshold"}, exit_status=0,
         extra=all_of(pc_ticker_ok(50, 100), xchg_done(100)),
         requires=harness.bochs_model_problem),
    # A module that is neither ELF nor Multiboot: named, not run; the rest run.
    Case("module2-junk", Boot("qemu-bios", "guests=junk,xchg detect=none", timeout=120,
                              modules=(("font.psf", "junk"),)),
         {"result": "fail", "detect": "none"}, exit_status=QEMU_FAIL,
         extra=all_of(xchg_done(1000), errors_name("junk", "neither an ELF executable "
                                                   "nor a Multiboot kernel"))),
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
    # One hardware source alone, on a CPU without it: an error naming it, and
    # no detection (QEMU TCG has none of the three).
    Case("detect-threshold-without-hw", Boot("qemu-kernel", "guests=xchg xchg.count=10 "
                                             "detect=threshold", timeout=120),
         {"result": "fail", "detect": "none"}, exit_status=QEMU_FAIL,
         extra=all_of(xchg_done(10), error_names("detect=threshold: this CPU has no "
                                                 "Bus Lock Threshold"))),
    Case("detect-db-without-hw", Boot("qemu-kernel", "guests=xchg xchg.count=10 detect=db",
                                      timeout=120),
         {"result": "fail", "detect": "none"}, exit_status=QEMU_FAIL,
         extra=all_of(xchg_done(10), error_names("detect=db: "))),
    # NAME.detect= for one guest: an error naming the guest and the source,
    # no detection for it; the other guest keeps detect= (the software
    # detector here).
    Case("guest-detect-without-hw", Boot("qemu-kernel", "guests=xchg,aligned xchg.count=10 "
                                         "aligned.count=10 xchg.detect=vmexit",
                                         timeout=120),
         {"result": "fail", "detect": "soft"}, exit_status=QEMU_FAIL,
         extra=all_of(xchg_done(10), aligned_done(10),
                      guest_detect({"xchg": "none", "aligned": "soft"}),
                      error_names("guest 'xchg': detect=vmexit: this CPU has no "
                                  "bus-lock VM exit"))),
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
    # With -icount the TSC, PIT and HPET all follow the instruction count:
    # in real time QEMU's PIT reading drifts with the host's load (the PIT
    # gave 2.8 GHz against the HPET's steady 2.45 on a loaded 2-core host).
    Case("tsc-hpet", Boot("qemu-kernel", "guests=aligned aligned.count=100 debug.tsc=hpet",
                          timeout=300, qemu_args=("-icount", "shift=0,sleep=off")),
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

# --- Text a guest hands over, and the summary (issue 11) --------------------
# The forger writes raw bytes to COM1, offers report keys with control bytes,
# fills its report and fails with a forged SUMMARY line: one honest SUMMARY,
# no control byte on the console, its reason shown as '?'s after the prefix.
FORGERS = tuple(f"forger{i}" for i in range(1, 8))
FAIL = {"result": "fail", "cmdline_errors": [], "cpus": 1}


def xchg_counted(count):
    """xchg's bus locks, after seven forgers in the SUMMARY, counted exactly."""
    def check(s, log):
        g = guest_record(s, "xchg")
        if g is None or g.get("bus_locks") != count:
            return [f"xchg bus_locks is {g and g.get('bus_locks')!r}, expected {count}"]
        return []
    return check


CASES += [
    Case("forger-svm", Boot("qemu-kernel", "guests=forger,xchg xchg.count=300",
                            timeout=180),
         {**FAIL, "virt": "svm"}, exit_status=QEMU_FAIL,
         extra=all_of(no_forged_lines, forger_contained(), xchg_done(300)),
         raw=console_clean),
    Case("forger-vmx", Boot("bochs", "exit=bochs guests=forger,xchg xchg.count=100",
                            model="tigerlake", timeout=600),
         {**FAIL, "virt": "vmx"}, exit_status=0,
         extra=all_of(no_forged_lines, forger_contained(), xchg_done(100)),
         raw=console_clean),
    # Eight guests, seven of them forgers with the largest reports allowed
    # (module2 copies of forger), xchg last: a SUMMARY that holds them all.
    Case("summary-full-svm", Boot("qemu-bios", "guests=" + ",".join(FORGERS) +
                                  ",xchg xchg.count=300 detect=soft", timeout=300,
                                  modules=tuple(("guest/forger.elf", n) for n in FORGERS)),
         {**FAIL, "virt": "svm", "detect": "soft"}, exit_status=QEMU_FAIL,
         extra=all_of(no_forged_lines, forgers_contained(FORGERS), xchg_done(300),
                      xchg_counted(300), bus_locks_present),
         raw=console_clean),
    # Bochs: a STATS line of eight guests takes longer to send than 100 ms,
    # so the boot CPU would do little else; the hardware's bus-lock VM exit,
    # not the (slow) software detector.
    Case("summary-full-vmx", Boot("bochs", "exit=bochs guests=" + ",".join(FORGERS) +
                                  ",xchg xchg.count=100 stats=2000", model="tigerlake",
                                  timeout=900,
                                  modules=tuple(("guest/forger.elf", n) for n in FORGERS)),
         {**FAIL, "virt": "vmx"}, exit_status=0,
         extra=all_of(no_forged_lines, forgers_contained(FORGERS), xchg_done(100),
                      xchg_counted(100), bus_locks_present),
         raw=console_clean),
]


# --- The bus-lock hardware on the modelled Bochs (issue 12) -----------------
# ../shared/bochs-buslock (or $BOCHS_BUSLOCK): `ryzen` has the Bus Lock
# Threshold, `tigerlake` bus-lock #DB and the bus-lock VM exit.  Skipped, with
# the reason, where that Bochs is absent.
MODEL = harness.bochs_model_problem
XA = "exit=bochs guests=xchg,aligned xchg.count=300 aligned.count=300 "


def model_case(name, model, cmdline, expect, extra, cpus=1, modules=()):
    """A boot on the modelled Bochs that must pass and end through its port."""
    return Case(name, Boot("bochs-model", cmdline, model=model, timeout=300, cpus=cpus,
                           modules=modules),
                {**PASS, "cpus": cpus, **expect}, exit_status=0, extra=extra,
                requires=MODEL)


CASES += [
    # Each source alone: exact counts, aligned locks not counted, the RIP
    # fault-like (threshold) or trap-like (VM exit, #DB), and the guest's own
    # bus-lock #DBs: one per lock with DEBUGCTL bit 2 set, none without.
    model_case("model-threshold", "ryzen", XA + "detect=threshold",
               {"detect": "threshold", "virt": "svm", "cpu.bus_lock_threshold": True},
               all_of(source_counts("threshold", 300, "at", db_seen=0,
                                    exits={"buslock": 300, "exception": 0}),
                      aligned_done(300), xchg_done(300))),
    model_case("model-vmexit", "tigerlake", XA + "detect=vmexit",
               {"detect": "vmexit", "virt": "vmx", "cpu.bus_lock_vmexit": True},
               all_of(source_counts("vmexit", 300, "after", db_seen=300,
                                    exits={"buslock": 300, "exception": 0}),
                      report_is("xchg", {"db_watched": 1}),
                      aligned_done(300), xchg_done(300))),
    model_case("model-vmexit-db-off", "tigerlake",
               "exit=bochs guests=xchg xchg.count=300 xchg.db=0 detect=vmexit",
               {"detect": "vmexit"},
               all_of(source_counts("vmexit", 300, "after", db_seen=0,
                                    exits={"buslock": 300}),
                      report_is("xchg", {"db_watched": 0}), xchg_done(300))),
    model_case("model-db", "tigerlake", XA + "detect=db",
               {"detect": "db", "virt": "vmx", "cpu.bus_lock_db": True},
               all_of(source_counts("db", 300, "after", db_seen=300,
                                    exits={"buslock": 0, "exception": 300}),
                      report_is("xchg", {"db_watched": 1}),
                      aligned_done(300), xchg_done(300))),
    model_case("model-db-db-off", "tigerlake",
               "exit=bochs guests=xchg xchg.count=300 xchg.db=0 detect=db",
               {"detect": "db"},
               all_of(source_counts("db", 300, "after", db_seen=0,
                                    exits={"buslock": 0, "exception": 300}),
                      report_is("xchg", {"db_watched": 0}), xchg_done(300))),
    # buslock=fatal: xchg stops at its first bus lock, whatever saw it.
    model_case("model-fatal-threshold", "ryzen",
               "exit=bochs guests=xchg,aligned detect=threshold buslock=fatal",
               {"policy": "fatal", "detect": "threshold"}, fatal_at("at")),
    model_case("model-fatal-vmexit", "tigerlake",
               "exit=bochs guests=xchg,aligned detect=vmexit buslock=fatal",
               {"policy": "fatal", "detect": "vmexit"}, fatal_at("after")),
    model_case("model-fatal-db", "tigerlake",
               "exit=bochs guests=xchg,aligned detect=db buslock=fatal",
               {"policy": "fatal", "detect": "db"}, fatal_at("after")),
    # ratelimit:N throttles with each source.  On the threshold the counter
    # is the budget: one bus-lock exit per N bus locks, where the VM exit and
    # #DB take one per bus lock.
    model_case("model-ratelimit-threshold", "ryzen",
               "exit=bochs guests=xchg xchg.count=300 detect=threshold "
               "buslock=ratelimit:100 stats=200",
               {"policy": "ratelimit:100", "detect": "threshold"},
               all_of(ratelimit_throttles,
                      source_counts("threshold", 300, "at", exits={"buslock": 3}))),
    model_case("model-ratelimit-vmexit", "tigerlake",
               "exit=bochs guests=xchg xchg.count=300 detect=vmexit "
               "buslock=ratelimit:100 stats=200",
               {"policy": "ratelimit:100", "detect": "vmexit"},
               all_of(ratelimit_throttles,
                      source_counts("vmexit", 300, "after", exits={"buslock": 300}))),
    model_case("model-ratelimit-db", "tigerlake",
               "exit=bochs guests=xchg xchg.count=300 detect=db "
               "buslock=ratelimit:100 stats=200",
               {"policy": "ratelimit:100", "detect": "db"},
               all_of(ratelimit_throttles,
                      source_counts("db", 300, "after", exits={"exception": 300}))),
    # The budget's edges: N = 1 (every bus lock exits), and N above the
    # 16-bit counter (65,535 locks run, the 65,536th exits: one exit in
    # 70,000 where a counter truncated to 16 bits would give two).
    model_case("model-budget-1", "ryzen",
               "exit=bochs guests=xchg xchg.count=4 detect=threshold buslock=ratelimit:1",
               {"policy": "ratelimit:1"},
               all_of(source_counts("threshold", 4, "at", exits={"buslock": 4}),
                      throttled_at_least("xchg", 2000000))),
    model_case("model-budget-100000", "ryzen",
               "exit=bochs guests=xchg xchg.count=70000 detect=threshold "
               "buslock=ratelimit:100000",
               {"policy": "ratelimit:100000"},
               source_counts("threshold", 70000, "at", exits={"buslock": 1})),
    # The software detector steps with the monitor trap flag, which the model
    # (unlike Debian's Bochs 2.7) exits on: exact counts, no fallback to TF,
    # and the guest never sees TF (PUSHF, #DB frames).
    model_case("model-soft-mtf", "tigerlake",
               "exit=bochs guests=xchg,aligned xchg.count=300 detect=soft",
               {"detect": "soft", "virt": "vmx"},
               all_of(soft_counts(300), aligned_done(1000),
                      source_counts("soft", 300, "after", db_seen=300,
                                    exits={"exception": 0}),
                      report_is("xchg", {"tf_seen": 0}), stepped("xchg"),
                      log_lacks("stepping with RFLAGS.TF instead"))),
    # soft=user with the monitor trap flag and the virtual-NMI window.
    model_case("model-soft-user-mtf", "tigerlake",
               "exit=bochs guests=xchg,aligned xchg.count=300 detect=soft soft=user",
               {"detect": "soft", "virt": "vmx"},
               all_of(soft_counts(300), soft_scope("xchg", "user"),
                      report_is("xchg", {"tf_seen": 0}),
                      log_lacks("stepping with RFLAGS.TF instead"))),
    # A split lock right after MOV SS, stepped with the monitor trap flag.
    model_case("model-soft-movss-mtf", "tigerlake",
               "exit=bochs guests=xchg,aligned xchg.count=300 xchg.movss=1 detect=soft",
               {"detect": "soft", "virt": "vmx"},
               all_of(soft_counts(300), log_has("each after a MOV SS"),
                      log_lacks("stepping with RFLAGS.TF instead"))),
    # On SVM it steps with RFLAGS.TF, which the guest can see (README).
    model_case("model-soft-svm", "ryzen",
               "exit=bochs guests=xchg,aligned xchg.count=300 detect=soft",
               {"detect": "soft", "virt": "svm"},
               all_of(soft_counts(300), aligned_done(1000),
                      source_counts("soft", 300, "at", db_seen=300), stepped("xchg"))),
]

# SMP on the model: two CPUs, a bus-locking guest on each (xchg, and a copy
# of it loaded as a module, which runs its default 1,000), counted exactly by
# the one source; the #DB source with DEBUGCTL bit 2 set on both CPUs.
SMP_XCHG = ("exit=bochs guests=xchg,xchgmod xchg.count=300 xchg.cpu=0 xchgmod.cpu=1 "
            "detect=")
XCHG_MODULE = (("guest/xchg.elf", "xchgmod"),)


def smp_source(src, rip_at, db_seen):
    return all_of(source_counts(src, 300, rip_at, db_seen=db_seen and 300),
                  source_counts(src, 1000, rip_at, db_seen=db_seen and 1000,
                                name="xchgmod"),
                  xchg_done(300), xchg_done(1000, "xchgmod"),
                  on_cpus({"xchg": 0, "xchgmod": 1}))


CASES += [
    model_case("model-smp-threshold", "ryzen", SMP_XCHG + "threshold",
               {"detect": "threshold", "cpus_found": 2}, smp_source("threshold", "at", 0),
               cpus=2, modules=XCHG_MODULE),
    model_case("model-smp-vmexit", "tigerlake", SMP_XCHG + "vmexit",
               {"detect": "vmexit", "cpus_found": 2}, smp_source("vmexit", "after", 1),
               cpus=2, modules=XCHG_MODULE),
    model_case("model-smp-db", "tigerlake", SMP_XCHG + "db",
               {"detect": "db", "cpus_found": 2}, smp_source("db", "after", 1),
               cpus=2, modules=XCHG_MODULE),
]

# One guest per source on two CPUs, in one run (NAME.detect=): on tigerlake
# the VM exit beside #DB, on ryzen the threshold beside the software
# detector (TF); each guest counted by its own source alone.
def per_guest(first, second, rip_first, rip_second, db_first, db_second):
    return all_of(source_counts(first, 300, rip_first, db_seen=db_first),
                  source_counts(second, 1000, rip_second, db_seen=db_second,
                                name="xchgmod"),
                  guest_detect({"xchg": first, "xchgmod": second}),
                  xchg_done(300), xchg_done(1000, "xchgmod"),
                  on_cpus({"xchg": 0, "xchgmod": 1}))


CASES += [
    model_case("model-smp-vmexit-db", "tigerlake",
               "exit=bochs guests=xchg,xchgmod xchg.count=300 xchg.cpu=0 xchgmod.cpu=1 "
               "xchg.detect=vmexit xchgmod.detect=db",
               {"detect": "vmexit", "cpus_found": 2},
               per_guest("vmexit", "db", "after", "after", 300, 1000),
               cpus=2, modules=XCHG_MODULE),
    model_case("model-smp-threshold-soft", "ryzen",
               "exit=bochs guests=xchg,xchgmod xchg.count=300 xchg.cpu=0 xchgmod.cpu=1 "
               "detect=threshold xchgmod.detect=soft",
               {"detect": "threshold", "cpus_found": 2},
               per_guest("threshold", "soft", "at", "at", 0, 1000),
               cpus=2, modules=XCHG_MODULE),
]


# --- Linux as a guest (issue 14): Debian's own kernel on the virtual PC ----
LINUX_ARGS = "console=ttyS0,earlyprintk=serial,nolapic,panic=-1,tg.run=xchgtest:1000"
LINUX_MODULES = (("linux/vmlinuz", "linux:" + LINUX_ARGS), ("linux/initrd.img", "linux.initrd"))
# Each XCHG the first instruction after a system call returns: soft=user
# must catch the kernel's SYSRET (or IRET) back to user mode for each.
LINUX_SYSCALL_MODULES = (("linux/vmlinuz", "linux:" + LINUX_ARGS + ":syscall"),
                         ("linux/initrd.img", "linux.initrd"))


def linux_model_case(name, model, detect, own_handler=False,
                     modules=LINUX_MODULES):
    """Debian's kernel alone under Tollgate on the modelled Bochs, @detect
    counting xchgtest's 1000 split locks (under soft, its user mode only
    stepped: soft=user); a slow case."""
    ran = linux_ran(1000, bus_locks=1000, own_handler=own_handler, source=detect)
    return Case(name, Boot("bochs-model", "exit=bochs guests=linux linux.mem=192 "
                           f"detect={detect} timeout=1200", model=model,
                           timeout=1500, modules=modules),
                {**PASS, "virt": "vmx" if model != "ryzen" else "svm",
                 "detect": detect}, exit_status=0,
                extra=all_of(ran, soft_scope("linux", "user")) if detect == "soft"
                else ran,
                requires=lambda: harness.bochs_model_problem() or linux_problem(),
                slow=True)


CASES += [
    # To its /init and back: 16550A found, xchgtest run, poweroff is done/halted;
    # xchg beside it on the other CPU, counted exactly.
    Case("linux-svm", Boot("qemu-bios", "guests=linux,xchg linux.cpu=0 xchg.cpu=1 "
                           "linux.mem=384 linux.detect=none xchg.count=300 timeout=600",
                           timeout=900, cpus=2, modules=LINUX_MODULES,
                           qemu_args=("-m", "1G")),
         {**PASS, "virt": "svm", "cpus": 2}, exit_status=QEMU_PASS,
         extra=all_of(linux_ran(1000), xchg_done(300)), requires=linux_problem),
    # detect=soft steps Linux's user mode only (soft=auto is user for an
    # OS): xchgtest's 1000 split locks at CPL 3 counted exactly, its kernel
    # unstepped, each XCHG right after a system call.  Beside it, on the
    # other CPU, each guest with its own policy: Linux throttled by
    # ratelimit:250 and still finishing, xchg stopped by fatal at its first
    # bus lock, victim not watched.
    Case("linux-soft-svm", Boot("qemu-bios", "guests=linux,xchg,victim linux.cpu=0 "
                                "xchg.cpu=1 victim.cpu=1 linux.mem=384 detect=soft "
                                "linux.buslock=ratelimit:250 xchg.buslock=fatal "
                                "victim.buslock=off victim.intervals=3 stats=500 "
                                "timeout=600", timeout=900, cpus=2,
                                modules=LINUX_SYSCALL_MODULES, qemu_args=("-m", "1G")),
         {**PASS, "virt": "svm", "cpus": 2, "detect": "soft"}, exit_status=QEMU_PASS,
         extra=all_of(linux_ran(1000, bus_locks=1000), soft_scope("linux", "user"),
                      throttled_at_least("linux", 1000000), slept_in_stats("linux"),
                      killed_at_first_bus_lock("xchg"), victim_done(3))),
    # An Intel vendor on QEMU's SVM: Linux 6.1 turns its own bus-lock
    # detection on (CPUID.7.0:ECX[24], DEBUGCTL bit 2) and warns of each
    # trap Tollgate's software detector gives it; every lock still counted.
    Case("linux-intel-soft-svm", Boot("qemu-bios", "guests=linux linux.mem=384 "
                                      "detect=soft stats=0 timeout=600", timeout=900,
                                      modules=LINUX_MODULES,
                                      qemu_args=("-m", "1G", "-cpu",
                                                 "max,vendor=GenuineIntel")),
         {**PASS, "virt": "svm", "vendor": "intel", "detect": "soft"},
         exit_status=QEMU_PASS,
         extra=all_of(linux_ran(1000, bus_locks=1000, own_handler=True),
                      soft_scope("linux", "user"))),
    # buslock=fatal stops the VM at its program's first bus lock: Linux is
    # killed, the run goes on and passes.
    Case("linux-fatal-svm", Boot("qemu-bios", "guests=linux linux.mem=384 detect=soft "
                                 "buslock=fatal stats=0 timeout=600", timeout=900,
                                 modules=LINUX_MODULES, qemu_args=("-m", "1G")),
         {**PASS, "virt": "svm", "policy": "fatal"}, exit_status=QEMU_PASS,
         extra=killed_at_first_bus_lock("linux")),
    # Bad Linux guests, crafted from the real files under the build dir
    # (tests/boot/linux_bad.py): cut inside the kernel, protocol 2.11, an
    # initrd bigger than bigrd.mem leaves, and a NAME.initrd of no guest.
    # Each a named error, none run; xchg beside them runs and finishes.
    Case("linux-bad", Boot("qemu-bios", "guests=cut,old,bigrd,xchg detect=none "
                           f"bigrd.mem={BIG_INITRD_MEM} xchg.count=100 timeout=60",
                           timeout=240, qemu_args=("-m", "512M"),
                           modules=((CUT, "cut:console=ttyS0"), (OLD, "old:console=ttyS0"),
                                    ("linux/vmlinuz", "bigrd:console=ttyS0"),
                                    (BIG_INITRD, "bigrd.initrd"),
                                    ("linux/initrd.img", "ghost.initrd"))),
         {"result": "fail", "detect": "none"}, exit_status=QEMU_FAIL,
         extra=all_of(xchg_done(100),
                      refused("cut", "Linux image cut short"),
                      refused("old", "boot protocol 2.11 is older than 2.12"),
                      refused("bigrd", "the initrd"),
                      error_names("the initrd of 'ghost', which no module names")),
         requires=craft_linux_files),
    # A kernel without XLF_KERNEL_64 (the real one, that flag cleared) is
    # entered at its 32-bit entry, paging off, and boots as well.
    Case("linux-entry32", Boot("qemu-bios", "guests=linux32 linux32.mem=384 "
                               "linux32.detect=none timeout=600",
                               timeout=900, qemu_args=("-m", "1G"),
                               modules=((ENTRY32, "linux32:" + LINUX_ARGS),
                                        ("linux/initrd.img", "linux32.initrd"))),
         {**PASS, "virt": "svm"}, exit_status=QEMU_PASS,
         extra=all_of(linux_ran(1000, name="linux32"),
                      lambda s, log: [] if "Linux kernel (32-bit entry)" in log
                      else ["linux32 was not entered at its 32-bit entry"]),
         requires=craft_linux_files, slow=True),
    # A kernel that panics with no panic= (no root to mount: rdinit= names
    # no file) spins until timeout= stops it; xchg beside it finishes.
    # -icount: the guest's seconds are instructions (1 ns each), so the
    # panic comes before the timeout however loaded the host is: about 6 s
    # after its entry (4.7 s of them unpacking the kernel; make bench).
    # Slow: under -icount QEMU takes some 5 minutes for it.
    Case("linux-panic-timeout", Boot("qemu-bios", "guests=linux,xchg linux.cpu=0 xchg.cpu=1 "
                                     "linux.mem=192 linux.detect=none xchg.count=300 "
                                     "stats=0 timeout=8",
                                     timeout=900, cpus=2, qemu_args=(
                                         "-m", "1G", "-icount", "shift=0,sleep=off"),
                                     modules=(("linux/vmlinuz", "linux:console=ttyS0,"
                                               "earlyprintk=serial,nolapic,rdinit=/nonexistent"),
                                              ("linux/initrd.img", "linux.initrd"))),
         {**PASS, "virt": "svm", "cpus": 2}, exit_status=QEMU_PASS,
         extra=all_of(panicked_then_timed_out(), xchg_done(300)), requires=linux_problem,
         slow=True),
    # Debian's kernel on the modelled Bochs: xchgtest's split locks counted
    # exactly, in its user space, by each hardware source.  A few minutes
    # each, so in `make test-slow` only.
    linux_model_case("linux-model-vmexit", "tigerlake", "vmexit", own_handler=True),
    # On ryzen (AMD: Linux 6.1 turns its own detection on for Intel only).
    linux_model_case("linux-model-threshold", "ryzen", "threshold"),
    # Linux sets DEBUGCTL bit 2 itself; Tollgate's #DB counts each lock and
    # reaches Linux's handler, which warns.
    linux_model_case("linux-model-db", "tigerlake", "db", own_handler=True),
    # VMX's soft=user on the model (MTF, the virtual-NMI window after IRET,
    # EFER.SCE hidden): each XCHG right after a system call, so a SYSRET
    # back to user mode that went unseen would lose it (with SCE left
    # alone this run counted 0 of 1000).
    linux_model_case("linux-model-soft", "tigerlake", "soft", own_handler=True,
                     modules=LINUX_SYSCALL_MODULES),
    # Debian's Bochs 2.7 (tigerlake, VMX, no bus-lock hardware): the kernel
    # boots to /init on Tollgate's CPU, devices and UART; the software
    # detector steps its user mode only and counts the 1000, and Linux's
    # own handler warns of the #DB it gives.
    Case("linux-bochs", Boot("bochs", "exit=bochs guests=linux linux.mem=192 "
                             "detect=soft timeout=1200", model="tigerlake",
                             timeout=2400, modules=LINUX_MODULES),
         {**PASS, "virt": "vmx", "detect": "soft"}, exit_status=0,
         extra=all_of(linux_ran(1000, bus_locks=1000, own_handler=True,
                                source="soft"),
                      soft_scope("linux", "user")),
         requires=linux_problem, slow=True),
]

# What runs in the Linux guest, on bare QEMU (no Tollgate): Debian's kernel
# boots the initramfs of `make initramfs`, whose /init runs xchgtest and
# powers off; without ACPI the kernel halts (tests/boot/linux.py).  Skipped,
# saying why, when scripts/fetch-linux could not fetch the kernel.
CASES += [
    LinuxCase("linux-initramfs-qemu",
              Boot("qemu-linux", "console=ttyS0 nolapic quiet panic=-1 "
                   "tg.run=xchgtest:1000", timeout=120, end_line=HALTED),
              extra=xchgtest_done(1000)),
]
