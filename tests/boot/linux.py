# SPDX-License-Identifier: MIT
"""Boot tests of what runs in the Linux guest: Debian's kernel with the
initramfs of `make initramfs` (guest/linux/), on bare QEMU, read from the
console lines of its /init and test programs (there is no SUMMARY).

How such a boot ends: /init powers off, and a kernel with no way to switch
the machine off (no ACPI here, none under Tollgate) halts instead.  It
prints "reboot: System halted" and stops every CPU with CLI; HLT, which
QEMU does not exit on.  The harness ends the run END_GRACE after that line;
the case passes only if the line came after "INIT done" and no panic.
"""
import dataclasses
import json
import os
import re

import harness
from harness import Boot, Result

HALTED = "reboot: System halted"
POWER_DOWN = "reboot: Power down"   # a machine that can switch off says this
INIT_START = re.compile(r"^INIT start Linux (\S+)", re.M)
INIT_DONE = re.compile(r"^INIT done (\{.*\})$", re.M)
HALT_TIME = re.compile(r"\[ *(\d+\.\d+)\] " + re.escape(HALTED))


def linux_problem(build):
    """None if the kernel and initramfs are built, else why not."""
    kernel, initrd = harness.linux_files(build)
    if not os.path.exists(kernel):
        return (f"no {kernel}: scripts/fetch-linux could not fetch Debian's "
                f"kernel (no network?); `make initramfs` tries again")
    if not os.path.exists(initrd):
        return f"no {initrd}: run `make initramfs`"
    return None


def json_lines(log, prefix):
    """The JSON objects of every line `PREFIX {...}`; a bad one as None."""
    out = []
    for m in re.finditer(rf"^{prefix} (\{{.*\}})$", log, re.M):
        try:
            out.append(json.loads(m.group(1)))
        except json.JSONDecodeError:
            out.append(None)
    return out


def xchgtest_done(count):
    """A checker: xchgtest ran @count split-locked XCHGs, all checked."""
    def check(log):
        runs = json_lines(log, "XCHGTEST")
        want = {"count": count, "done": count}
        if runs != [want]:
            return [f"XCHGTEST lines {runs}, expected one {want}"]
        if not re.search(r"^INIT exit xchgtest 0$", log, re.M):
            return ["no 'INIT exit xchgtest 0' line"]
        return []
    return check


def ended_after_init(log, out):
    """Problems unless the kernel halted (or powered off) after INIT done."""
    done = INIT_DONE.search(log)
    end = max(log.rfind(HALTED), log.rfind(POWER_DOWN))
    problems = []
    if "Kernel panic" in log:
        problems.append("the kernel panicked")
    if end < 0 or not done or end < done.start():
        problems.append(f"no '{HALTED}' after 'INIT done'")
    elif not out.ended_at_line and out.exit_status != 0:
        got = "killed after the time limit" if out.exit_status is None \
            else f"status {out.exit_status}"
        problems.append(f"QEMU {got}, expected it halted or exited with 0")
    return problems


@dataclasses.dataclass
class LinuxCase:
    """Boots Debian's kernel with the initramfs; @runs tg.run= words."""
    name: str
    boot: Boot
    runs: int = 1
    extra: object = None              # fn(log) -> list of problems
    slow: bool = False                # run by `make test-slow` (--slow) only

    def run(self, build):
        why_not = linux_problem(build)
        if why_not:
            return Result(self.name, True, [], "", 0.0, skipped=why_not)
        out = harness.boot(self.boot, build)
        log = out.log
        problems = []
        if not INIT_START.search(log):
            problems.append("no 'INIT start' line")
        done = json_lines(log, "INIT done")
        if done != [{"runs": self.runs, "failed": 0}]:
            problems.append(f"INIT done lines {done}, expected one with "
                            f"{self.runs} runs, 0 failed")
        if self.extra:
            problems += self.extra(log)
        problems += ended_after_init(log, out)
        return Result(self.name, not problems, problems, log, out.seconds,
                      note=note(log))


def note(log):
    """ ", Linux VERSION, halted at S s of its own clock", what is known."""
    start, halt = INIT_START.search(log), HALT_TIME.search(log)
    text = f", Linux {start.group(1)}" if start else ""
    return text + (f", halted at {halt.group(1)} s of its clock" if halt else "")
