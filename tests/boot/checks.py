# SPDX-License-Identifier: MIT
"""What the boot tests check: the SUMMARY's schema, the Case that boots
Tollgate one way and checks the parsed SUMMARY, and the checks that cases
(tests/boot/cases.py) combine.

Every case checks the SUMMARY against the schema documented in README.md,
then the fields its machine determines, then anything of its own.
"""
import dataclasses
import json
import os
import re
import subprocess
import time

import harness
from harness import Boot, Result

BOOL_CPU_FIELDS = ("vmx", "svm", "bus_lock_db", "bus_lock_vmexit",
                   "bus_lock_threshold", "split_lock_ac")

# QEMU's isa-debug-exit: status (value << 1) | 1; Tollgate writes 0 or 1.
QEMU_PASS, QEMU_FAIL = 1, 3


def schema_problems(s):
    """Every documented field, with its type and allowed values."""
    problems = []

    def want(key, kind, allowed=None):
        if key not in s:
            problems.append(f"SUMMARY has no {key!r}")
        elif not isinstance(s[key], kind) or isinstance(s[key], bool) != (kind is bool):
            problems.append(f"SUMMARY {key!r} is {s[key]!r}, not a {kind.__name__}")
        elif allowed and s[key] not in allowed:
            problems.append(f"SUMMARY {key!r} is {s[key]!r}, not one of {allowed}")

    want("tollgate", str)
    want("boot", str, ("multiboot2", "multiboot1"))
    want("firmware", str, ("bios", "uefi"))
    want("vendor", str, ("intel", "amd", "other"))
    want("virt", str, ("vmx", "svm", "none"))
    want("cpus", int)
    want("detect", str, ("threshold", "vmexit", "db", "soft", "none"))
    want("policy", str)
    want("screen", str, ("vga", "framebuffer", "none"))
    want("cpu", dict)
    want("cmdline_errors", list)
    want("guests", list)
    want("result", str, ("pass", "fail"))
    for field in BOOL_CPU_FIELDS:
        if not isinstance(s.get("cpu", {}).get(field), bool):
            problems.append(f"SUMMARY cpu.{field} is not a boolean")
    if not all(isinstance(e, str) for e in s.get("cmdline_errors", [])):
        problems.append("SUMMARY cmdline_errors holds a non-string")
    if isinstance(s.get("cpus"), int) and s["cpus"] < 1:
        problems.append(f"SUMMARY cpus is {s['cpus']}")
    # SMP (issue 6): the processors the MADT lists, at least those that ran.
    if "cpus_found" in s:
        found = s["cpus_found"]
        if not isinstance(found, int) or isinstance(found, bool) or found < 1:
            problems.append(f"SUMMARY cpus_found is {found!r}, not a number >= 1")
        elif isinstance(s.get("cpus"), int) and found < s["cpus"]:
            problems.append(f"SUMMARY cpus_found {found} < cpus {s['cpus']}")
    return problems


def field(s, path):
    """s['a']['b'] for path 'a.b', or a marker when absent."""
    for part in path.split("."):
        if not isinstance(s, dict) or part not in s:
            return "<absent>"
        s = s[part]
    return s


@dataclasses.dataclass
class Case:
    name: str
    boot: Boot
    expect: dict                      # dotted field path -> exact value
    exit_status: int | None = None    # required emulator status, if any
    extra: object = None              # fn(summary, log) -> list of problems
    requires: object = None           # fn() -> None, or why it cannot run here
    raw: object = None                # fn(COM1 bytes) -> list of problems
    slow: bool = False                # run by `make test-slow` (--slow) only

    def run(self, build):
        BUILD["dir"] = build
        why_not = self.requires() if self.requires else None
        if why_not:
            return Result(self.name, True, [], "", 0.0, skipped=why_not)
        out = harness.boot(self.boot, build)
        problems = []
        if out.summary is None:
            problems.append(out.summary_problem)
        else:
            problems += schema_problems(out.summary)
            for path, value in self.expect.items():
                got = field(out.summary, path)
                if got != value:
                    problems.append(f"SUMMARY {path} is {got!r}, expected {value!r}")
            if self.extra:
                problems += self.extra(out.summary, out.log)
        if self.raw:
            problems += self.raw(out.raw)
        if self.exit_status is not None and out.exit_status != self.exit_status:
            got = "killed after the time limit" if out.exit_status is None \
                else f"status {out.exit_status}"
            problems.append(f"emulator {got}, expected status {self.exit_status}")
        return Result(self.name, not problems, problems, out.log, out.seconds)


@dataclasses.dataclass
class KernelCase:
    """Boots one of the project's own Multiboot kernels straight under QEMU
    (launcher qemu-multiboot, no Tollgate) and checks its result line, the
    Boot's result_tag, with @extra; Tollgate's SUMMARY schema does not apply."""
    name: str
    boot: Boot
    exit_status: int | None = None    # required emulator status, if any
    extra: object = None              # fn(result, log) -> list of problems
    requires: object = None           # fn() -> None, or why it cannot run here
    result: bool = True               # False: the kernel must stop before it
    slow: bool = False                # run by `make test-slow` (--slow) only

    def run(self, build):
        why_not = self.requires() if self.requires else None
        if why_not:
            return Result(self.name, True, [], "", 0.0, skipped=why_not)
        out = harness.boot(self.boot, build)
        problems = []
        if not self.result:
            if out.summary is not None:
                problems.append(f"a {self.boot.result_tag} line, expected none")
            if self.extra:
                problems += self.extra(None, out.log)
        elif out.summary is None:
            problems.append(out.summary_problem)
        elif self.extra:
            problems += self.extra(out.summary, out.log)
        if self.exit_status is not None and out.exit_status != self.exit_status:
            got = "killed after the time limit" if out.exit_status is None \
                else f"status {out.exit_status}"
            problems.append(f"emulator {got}, expected status {self.exit_status}")
        return Result(self.name, not problems, problems, out.log, out.seconds)


PIT_KHZ = 1193.182
TICKER_IRQ_LINE = 'TICKER uart=irq text="one byte per THR-empty interrupt"'
RTC_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$")


def within(what, got, want, tolerance):
    """[] if @got is within @tolerance (a fraction) of @want, else why not."""
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        return [f"{what} is {got!r}, not a number"]
    if abs(got - want) > tolerance * abs(want):
        return [f"{what} is {got}, not within {tolerance:.0%} of {want:.3f}"]
    return []


def ticker_ok(ticks, hz):
    """The ticker guest's TICKER summary (docs/guest-abi.md, "ticker"): exactly
    @ticks IRQ 0s; first to last, ticks - 1 periods of 1/@hz s within 5%; the
    TSC's rate by PIT channel 2 and by the ticks within 1% of each other, and
    the PIT's clock by the TSC within 1% of 1.193182 MHz; the THR-empty line
    sent by IRQ 4; a plausible RTC date and some upper memory."""
    def check(t, log):
        problems = []
        if t.get("ticks") != ticks:
            problems.append(f"ticks is {t.get('ticks')!r}, expected {ticks}")
        if t.get("hz") != hz:
            problems.append(f"hz is {t.get('hz')!r}, expected {hz}")
        problems += within("elapsed_us", t.get("elapsed_us"),
                           (ticks - 1) * 1e6 / hz, 0.05)
        problems += within("tick_us", t.get("tick_us"), 1e6 / hz, 0.05)
        khz = t.get("tsc_khz")
        if not isinstance(khz, int) or khz <= 0:
            problems.append(f"tsc_khz is {khz!r}")
        else:
            problems += within("tsc_khz_ticks (TSC kHz by the ticks)",
                               t.get("tsc_khz_ticks"), khz, 0.01)
        problems += within("pit_khz_check", t.get("pit_khz_check"), PIT_KHZ, 0.01)
        irqs = t.get("uart_irqs")
        if not isinstance(irqs, int) or irqs < 1 or t.get("uart_mode") != "irq":
            problems.append(f"no THR-empty interrupts: uart_irqs {irqs!r}, "
                            f"uart_mode {t.get('uart_mode')!r}")
        if TICKER_IRQ_LINE not in log.split("\n"):
            problems.append("the line sent by THR-empty interrupts is not whole")
        date = RTC_DATE.match(str(t.get("rtc")))
        if not date or int(date[1]) < 2024 or not 1 <= int(date[2]) <= 12 \
                or not 1 <= int(date[3]) <= 31:
            problems.append(f"rtc is {t.get('rtc')!r}, not a date in 2024 or later")
        upper = t.get("mem_upper_kib")
        if not isinstance(upper, int) or upper < 1024:
            problems.append(f"mem_upper_kib is {upper!r}")
        if "TICKER exception" in log or "TICKER warning" in log:
            problems.append("ticker printed an exception or a warning")
        return problems
    return check


def bad_cmdline_named(s, log):
    """The unknown key and the bad value are named, on the console and in SUMMARY."""
    problems = []
    errors = s.get("cmdline_errors", [])
    if not any("bogus" in e for e in errors):
        problems.append(f"cmdline_errors does not name 'bogus': {errors}")
    if not any("exit" in e and "sometimes" in e for e in errors):
        problems.append(f"cmdline_errors does not name exit=sometimes: {errors}")
    if len(errors) != 3:
        problems.append(f"expected 3 cmdline errors, got {len(errors)}: {errors}")
    if not re.search(r"warning: command line: unknown key 'bogus'", log):
        problems.append("no console warning naming 'bogus'")
    return problems


REGISTER_LINE = re.compile(r"^RAX [0-9a-f]{16}  RBX [0-9a-f]{16}  RCX [0-9a-f]{16}$", re.M)


def register_dump(vector_text, cr2=None):
    """A checker: the hypervisor's exception was dumped and the run failed."""
    def check(s, log):
        problems = []
        if not any(vector_text in e for e in s.get("errors", [])):
            problems.append(f"SUMMARY errors do not name {vector_text!r}: {s.get('errors')}")
        if not REGISTER_LINE.search(log):
            problems.append("no general-register line in the dump")
        for reg in ("RIP", "RSP", "R15", "CR0", "CR3"):
            if not re.search(rf"\b{reg} +[0-9a-f]{{16}}", log):
                problems.append(f"the dump has no {reg}")
        if cr2 and not re.search(rf"CR2 {cr2:016x}", log):
            problems.append(f"the dump's CR2 is not {cr2:#x}")
        if not re.search(r"^  #0 0x[0-9a-f]{16}$", log, re.M):
            problems.append("no backtrace entry")
        return problems
    return check


def dump_whole(first, last):
    """The panic's dump, from the line matching @first to the one matching
    @last, is not broken by lines from another CPU, and SUMMARY is printed
    once."""
    def check(s, log):
        lines = log.split("\n")
        try:
            a = next(i for i, l in enumerate(lines) if re.search(first, l))
            b = next(i for i, l in enumerate(lines) if i > a and re.search(last, l))
        except StopIteration:
            return [f"no dump from {first!r} to {last!r}"]
        stray = [l for l in lines[a + 1:b] if l.startswith(("[", "Tollgate: running",
                                                            "STATS"))]
        problems = [f"another CPU printed inside the dump: {stray[0]!r}"] if stray else []
        if log.count("SUMMARY {") != 1:
            problems.append(f"{log.count('SUMMARY {')} SUMMARY lines, not 1")
        return problems
    return check


def no_errors(s, log):
    problems = []
    if s.get("errors"):
        problems.append(f"SUMMARY errors: {s['errors']}")
    if "Memory: " not in log:
        problems.append("no memory report on the console")
    return problems


GUEST_EXIT_KINDS = ("hypercall", "cpuid", "io", "rdmsr", "wrmsr", "hlt",
                    "shutdown", "npf", "virt_insn", "buslock", "exception",
                    "intr", "invalid", "unknown", "step", "mov_dr")
BUS_LOCK_SOURCES = ("threshold", "vmexit", "db", "soft")


def guest_record(s, name):
    for g in s.get("guests", []):
        if g.get("name") == name:
            return g
    return None


def guest_problems(g, name):
    """The documented shape of one guest record."""
    problems = []
    if g is None:
        return [f"no guest record for {name!r}"]
    for key, kind in (("name", str), ("state", str), ("reason", str),
                      ("exits", dict), ("bus_locks", int), ("report", dict),
                      ("bus_locks_by_source", dict), ("throttled_us", int),
                      ("policy", str)):
        if not isinstance(g.get(key), kind):
            problems.append(f"guest {name}: {key!r} is {g.get(key)!r}, not a {kind.__name__}")
    for kind in GUEST_EXIT_KINDS:
        if not isinstance(g.get("exits", {}).get(kind), int):
            problems.append(f"guest {name}: no exit counter {kind!r}")
    for src in BUS_LOCK_SOURCES:
        if not isinstance(g.get("bus_locks_by_source", {}).get(src), int):
            problems.append(f"guest {name}: no bus_locks_by_source {src!r}")
    rip = g.get("first_bus_lock_rip", "absent")
    if not (rip is None or isinstance(rip, int)):
        problems.append(f"guest {name}: first_bus_lock_rip is {rip!r}")
    if "cpu" in g and not (isinstance(g["cpu"], int) and not isinstance(g["cpu"], bool)
                           and g["cpu"] >= -1):
        problems.append(f"guest {name}: cpu is {g['cpu']!r}, not a number >= -1")
    return problems


def xchg_done(count, name="xchg"):
    """xchg ran its split-locked XCHGs at CPL 3, and every exit kind it uses was handled."""
    def check(s, log):
        g = guest_record(s, name)
        problems = guest_problems(g, name)
        if problems:
            return problems
        if g["state"] != "done":
            problems.append(f"xchg is {g['state']}: {g['reason']}")
        report = g["report"]
        if report.get("split_xchg") != count:
            problems.append(f"xchg split_xchg is {report.get('split_xchg')}, expected {count}")
        if report.get("cpl") != 3:
            problems.append(f"xchg ran its loop at CPL {report.get('cpl')}, not 3")
        for kind in ("hypercall", "cpuid", "io", "rdmsr", "wrmsr", "hlt"):
            if g["exits"][kind] < 1:
                problems.append(f"xchg made no {kind} exit")
        if not re.search(rf"^\[{name}\] ", log, re.M):
            problems.append(f"no console line prefixed [{name}]")
        return problems
    return check


def hostile_killed(reason_pattern):
    def check(s, log):
        g = guest_record(s, "hostile")
        problems = guest_problems(g, "hostile")
        if problems:
            return problems
        if g["state"] != "killed":
            problems.append(f"hostile is {g['state']}, not killed")
        if not re.search(reason_pattern, g["reason"]):
            problems.append(f"hostile's reason {g['reason']!r} does not match {reason_pattern!r}")
        if g["report"].get("saw_hypervisor", 0) != 0:
            problems.append("hostile saw the hypervisor's memory")
        return problems
    return check


def soft_counts(count):
    """xchg's split locks counted exactly by the software detector, with a
    #DB for each; aligned's locked operations not counted at all."""
    def check(s, log):
        problems = []
        x, a = guest_record(s, "xchg"), guest_record(s, "aligned")
        problems += guest_problems(x, "xchg") + guest_problems(a, "aligned")
        if problems:
            return problems
        if x["bus_locks"] != count or x["bus_locks_by_source"]["soft"] != count:
            problems.append(f"xchg counted {x['bus_locks']} bus locks "
                            f"({x['bus_locks_by_source']}), expected {count}")
        if x["report"].get("db_seen") != count:
            problems.append(f"xchg saw {x['report'].get('db_seen')} bus-lock #DBs, "
                            f"expected {count}")
        if not isinstance(x["first_bus_lock_rip"], int):
            problems.append("xchg has no first_bus_lock_rip")
        if a["state"] != "done" or a["bus_locks"] != 0:
            problems.append(f"aligned is {a['state']} with {a['bus_locks']} bus locks")
        if a["report"].get("aligned_ops") != 2000:
            problems.append(f"aligned ran {a['report'].get('aligned_ops')} locked ops")
        return problems
    return check


def state_kept(*names):
    """Each statespy guest saw the reset state at its start and its own state
    after every turn of the others (it fails itself otherwise), and the turns
    really alternated on the CPU."""
    def check(s, log):
        problems = []
        for name in names:
            g = guest_record(s, name)
            if g is None:
                problems.append(f"no guest {name}")
                continue
            rounds = g["report"].get("rounds")
            if not rounds:
                problems.append(f"{name} reported no rounds: {g['reason']}")
            elif g["turns"] <= rounds:
                problems.append(f"{name} had {g['turns']} turns for {rounds} rounds")
        lines = [l for l in log.splitlines() if "statespy" in l and "own state set" in l]
        if len(lines) != len(names):
            problems.append(f"{len(lines)} statespy guests set their state, expected {len(names)}")
        return problems
    return check


def edges_ok(s, log):
    """edges checked itself; INVD and WBINVD were intercepted, not run."""
    g = guest_record(s, "edges")
    problems = []
    if g is None:
        return ["no guest edges"]
    if g["exits"].get("cache") != 2:
        problems.append(f"edges made {g['exits'].get('cache')} cache exits, expected 2 "
                        "(INVD, WBINVD)")
    if g["report"].get("gp", 0) < 2:
        problems.append(f"edges saw {g['report'].get('gp')} #GPs, expected at least 2")
    return problems


def soft_exact(name, count):
    """@name's bus locks counted exactly by the software detector."""
    def check(s, log):
        g = guest_record(s, name)
        if g is None:
            return [f"no guest {name}"]
        if g["bus_locks"] != count or g["bus_locks_by_source"]["soft"] != count:
            return [f"{name} counted {g['bus_locks']} bus locks "
                    f"({g['bus_locks_by_source']}), expected {count}"]
        return []
    return check


def nmis_taken(name, cpu):
    """NMIs reached CPU @cpu while @name ran there, and the host took them."""
    def check(s, log):
        g = guest_record(s, name)
        problems = []
        if g is None or not g["exits"].get("nmi"):
            problems.append(f"{name} made no nmi exits")
        if not re.search(rf"^Tollgate: warning: NMI on CPU {cpu}\b", log, re.M):
            problems.append(f"no NMI reported on CPU {cpu}")
        return problems
    return check


def mem_errors(s, log):
    """xchg.mem=0 and aligned.mem=3000 (more than QEMU's 256 MiB): named
    errors, those guests killed before they ran; victim got 38 MiB."""
    problems = []
    errors = " ".join(s.get("errors", []))
    for name, words in (("xchg", "xchg.mem=0"), ("aligned", "3000 MiB")):
        g = guest_record(s, name)
        if g is None or g["state"] != "killed" or g["turns"]:
            problems.append(f"{name} was not stopped before it ran: {g}")
        if words not in errors:
            problems.append(f"errors do not name {words}: {s.get('errors')}")
    if not re.search(r"running guest 'victim' on CPU \d+ \(38 MiB", log):
        problems.append("victim did not run with 38 MiB")
    return problems


def errors_name(name, words):
    """Guest @name was stopped before it ran, and the errors say why."""
    def check(s, log):
        g = guest_record(s, name)
        problems = []
        if g is None or g["state"] != "killed" or g["turns"]:
            problems.append(f"{name} was not stopped before it ran: {g}")
        if not any(name in e and words in e for e in s.get("errors", [])):
            problems.append(f"errors do not say '{name}': '{words}': {s.get('errors')}")
        return problems
    return check


def fatal_stops_xchg(s, log):
    x, a = guest_record(s, "xchg"), guest_record(s, "aligned")
    problems = guest_problems(x, "xchg") + guest_problems(a, "aligned")
    if problems:
        return problems
    if x["state"] != "killed" or "bus lock at rip 0x" not in x["reason"]:
        problems.append(f"xchg is {x['state']}: {x['reason']!r}")
    if x["bus_locks"] != 1:
        problems.append(f"xchg counted {x['bus_locks']} bus locks before it stopped")
    rip = x["first_bus_lock_rip"]
    if not isinstance(rip, int) or f"{rip:#x}" not in x["reason"]:
        problems.append(f"the reason does not give first_bus_lock_rip ({rip!r})")
    if a["state"] != "done":
        problems.append(f"aligned is {a['state']}: {a['reason']}")
    return problems


def ratelimit_throttles(s, log):
    x = guest_record(s, "xchg")
    problems = guest_problems(x, "xchg")
    if problems:
        return problems
    if x["state"] != "done" or x["bus_locks"] != 300:
        problems.append(f"xchg is {x['state']} with {x['bus_locks']} bus locks")
    if x["throttled_us"] < 1000000:
        problems.append(f"xchg was throttled for {x['throttled_us']} us, not >= 1 s")
    stats = stats_lines(log)
    if not stats:
        problems.append("no STATS line while the guests ran")
    # The throttled guest sleeps (its CPU idles): some line shows it asleep,
    # with the second its policy took in throttled_us_interval.
    stats = [line for line in stats if isinstance(line, dict)]
    asleep = [g for line in stats for g in line.get("guests", [])
              if g.get("name") == "xchg" and g.get("sleeping") is True]
    if stats and not asleep:
        problems.append("no STATS line shows xchg sleeping")
    if stats and sum(g.get("throttled_us_interval", 0) for line in stats
                     for g in line.get("guests", []) if g.get("name") == "xchg") \
            != x["throttled_us"]:
        problems.append("STATS throttled_us_interval does not add up to the "
                        "summary's throttled_us")
    return problems


def aligned_done(count):
    """aligned ran its locked operations, none of them counted as a bus lock."""
    def check(s, log):
        a = guest_record(s, "aligned")
        problems = guest_problems(a, "aligned")
        if problems:
            return problems
        if a["state"] != "done" or a["bus_locks"] != 0:
            problems.append(f"aligned is {a['state']} ({a['reason']!r}) "
                            f"with {a['bus_locks']} bus locks")
        if a["report"].get("aligned_ops") != 2 * count:
            problems.append(f"aligned ran {a['report'].get('aligned_ops')} locked ops, "
                            f"expected {2 * count}")
        return problems
    return check


# --- SMP (issue 6) ---------------------------------------------------------

def stats_lines(log):
    """The STATS lines' JSON objects, in order (unreadable ones as None)."""
    out = []
    for line in log.split("\n"):
        if line.startswith("STATS {"):
            try:
                out.append(json.loads(line[len("STATS "):]))
            except json.JSONDecodeError:
                out.append(None)
    return out


def victim_done(intervals, name="victim"):
    """The victim chased pointers for all its intervals, printed a VICTIM line
    for each, and reported its throughput through the hypercall: STATS lines
    carry its work, with a rate above 0 in at least one of them."""
    def check(s, log):
        g = guest_record(s, name)
        problems = guest_problems(g, name)
        if problems:
            return problems
        if g["state"] != "done":
            problems.append(f"{name} is {g['state']}: {g['reason']}")
        if g["report"].get("intervals") != intervals:
            problems.append(f"{name} reported {g['report'].get('intervals')} intervals, "
                            f"expected {intervals}")
        if not g["report"].get("hops_min"):
            problems.append(f"{name} had an interval with no hops "
                            f"(hops_min {g['report'].get('hops_min')})")
        lines = re.findall(rf"^\[{name}\] VICTIM \{{", log, re.M)
        if len(lines) != intervals:
            problems.append(f"{len(lines)} [{name}] VICTIM lines, expected {intervals}")
        rates = []
        for st in stats_lines(log):
            for rec in (st or {}).get("guests", []):
                if rec.get("name") == name:
                    for key in ("work", "work_interval", "work_per_s"):
                        if not isinstance(rec.get(key), (int, float)):
                            problems.append(f"a STATS line has {name} {key} "
                                            f"{rec.get(key, '<absent>')!r}")
                            return problems
                    rates.append(rec["work_per_s"])
        if not any(r > 0 for r in rates):
            problems.append(f"no STATS line gives {name} a work_per_s above 0 "
                            f"({len(rates)} lines name it)")
        return problems
    return check


def stats_while_running(s, log):
    """STATS lines come while the guests run, each guest with its CPU."""
    stats = stats_lines(log)
    problems = []
    if not stats:
        return ["no STATS line"]
    if None in stats:
        problems.append(f"{stats.count(None)} STATS lines are not JSON")
    recs = [g for st in stats if st for g in st.get("guests", [])]
    if not any(g.get("state") == "running" for g in recs):
        problems.append(f"no STATS line while a guest was running ({len(stats)} lines)")
    for g in recs:
        if not isinstance(g.get("cpu"), int):
            problems.append(f"a STATS line has guest {g.get('name')!r} with cpu "
                            f"{g.get('cpu', '<absent>')!r}")
            break
    return problems


def on_cpus(placement=None, spread=(), ncpus=2):
    """Each guest's `cpu` is a started CPU: the one @placement names, and the
    guests in @spread each on a different one."""
    def check(s, log):
        problems = []
        names = set(placement or {}) | set(spread)
        seen = {}
        for name in sorted(names):
            g = guest_record(s, name)
            cpu = g.get("cpu", "<absent>") if g else "<no record>"
            if not isinstance(cpu, int) or isinstance(cpu, bool) or not 0 <= cpu < ncpus:
                problems.append(f"guest {name}: cpu is {cpu!r}, not 0..{ncpus - 1}")
                continue
            if placement and name in placement and cpu != placement[name]:
                problems.append(f"guest {name} ran on CPU {cpu}, pinned to "
                                f"{placement[name]}")
            seen[name] = cpu
        cpus = [seen[n] for n in spread if n in seen]
        if len(set(cpus)) != len(cpus):
            problems.append(f"guests {', '.join(spread)} were not spread over the "
                            f"CPUs: {seen}")
        return problems
    return check


def log_has(text):
    """The serial log says @text (a warning the run must give)."""
    def check(s, log):
        return [] if text in log else [f"the log does not say {text!r}"]
    return check


def undetected(name):
    """NAME.buslock=off on a CPU without bus-lock #DB: no bus lock is counted,
    and the guest is not offered a #DB it would never get."""
    def check(s, log):
        g = guest_record(s, name)
        problems = guest_problems(g, name)
        if problems:
            return problems
        if g["bus_locks"] != 0 or g["report"].get("db_seen") != 0:
            problems.append(f"{name}: bus_locks {g['bus_locks']}, db_seen "
                            f"{g['report'].get('db_seen')}; expected 0 and 0")
        if f"[{name}] {name}: CPUID.(7,0)" in log and "bus-lock #DB no" not in log:
            problems.append(f"{name} was shown bus-lock #DB in CPUID")
        return problems
    return check


def states(expected):
    """Each guest named in @expected ended in that state."""
    def check(s, log):
        problems = []
        for name, state in expected.items():
            g = guest_record(s, name)
            if g is None:
                problems.append(f"no record of guest {name}")
            elif g["state"] != state:
                problems.append(f"guest {name} is {g['state']} ({g['reason']!r}), "
                                f"not {state}")
        return problems
    return check


def tsc_by_hpet(s, log):
    """debug.tsc=hpet: the TSC is measured against the HPET, and the PIT,
    measured too, agrees within 2%."""
    m = re.search(r"^TSC: (\d+) kHz \(measured against the HPET; the PIT "
                  r"measured (\d+) kHz\)", log, re.M)
    if not m:
        return ["no 'TSC: N kHz (measured against the HPET; the PIT measured "
                "M kHz)' line"]
    hpet, pit = int(m.group(1)), int(m.group(2))
    if abs(hpet - pit) > pit // 50:
        return [f"the HPET gives {hpet} kHz, the PIT {pit} kHz: more than 2% apart"]
    return []


def never_ran(name, ncpus):
    """Pinned to a CPU that does not exist: @name is killed before it runs,
    with a reason, no CPU and no exits, and the run reports an error."""
    def check(s, log):
        g = guest_record(s, name)
        problems = guest_problems(g, name)
        if problems:
            return problems
        if g["state"] != "killed" or not g["reason"]:
            problems.append(f"{name} is {g['state']} with reason {g['reason']!r}, "
                            f"expected killed with a reason")
        if g.get("cpu") != -1:
            problems.append(f"{name} has cpu {g.get('cpu', '<absent>')!r}, expected -1")
        ran = {k: v for k, v in g["exits"].items() if v}
        if ran or g["bus_locks"]:
            problems.append(f"{name} ran: exits {ran}, {g['bus_locks']} bus locks")
        if re.search(rf"^\[{name}\] ", log, re.M):
            problems.append(f"{name} printed on the console: it ran")
        if not s.get("errors"):
            problems.append(f"SUMMARY errors is {s.get('errors')!r}: the bad "
                            f"placement is not reported as an error")
        return problems
    return check


def preempted(name, done_line, last_line):
    """@name (which never exits during an interval) was preempted: its exits
    show the tick (VMX "preempt", SVM "intr"), and the other guest on its CPU
    finished (@done_line) before @name's last line (@last_line)."""
    def check(s, log):
        g = guest_record(s, name)
        problems = guest_problems(g, name)
        if problems:
            return problems
        kind = "preempt" if s.get("virt") == "vmx" else "intr"
        if not g["exits"].get(kind, 0) > 0:
            problems.append(f"{name} has {g['exits'].get(kind, '<absent>')!r} {kind} "
                            f"exits: never preempted")
        done = [m.start() for m in re.finditer(done_line, log, re.M)]
        last = [m.start() for m in re.finditer(last_line, log, re.M)]
        if not done or not last:
            problems.append(f"no line matching {done_line!r} or {last_line!r}")
        elif done[0] > last[-1]:
            problems.append(f"{done_line!r} comes after {name}'s last line: "
                            f"the guests ran one after the other, not time-sliced")
        return problems
    return check


def error_names(text):
    """SUMMARY errors has an entry containing @text."""
    def check(s, log):
        if any(text in e for e in s.get("errors", [])):
            return []
        return [f"SUMMARY errors do not say {text!r}: {s.get('errors')}"]
    return check


def all_of(*checks):
    def check(s, log):
        return [p for c in checks for p in c(s, log)]
    return check


PASS = {"result": "pass", "cmdline_errors": [], "cpus": 1}
OUTSIDE_RAM = r"wrote guest-physical 0x[0-9a-f]+, outside its 4 MiB of RAM"
XCHG_DONE_LINE = r"^\[xchg\] xchg: \d+ split-locked XCHGs at CPL \d done"
VICTIM_LINE = r"^\[victim\] VICTIM \{"


# --- Text a guest hands over (issue 11) -------------------------------------

FORGER_BAD_KEYS = 16    # guest/forger.c bad_keys[] and BLOATED_KEYS
FORGER_LONG_KEYS = 14   # guest/forger.c LONG_KEYS
REPORT_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,31}$")
U64_MAX = 2**64 - 1


def forger_message():
    """guest/forger.c's HC_FAIL message, byte for byte."""
    head = (b'\nSUMMARY {"result":"pass","guests":[]}\r\n'
            b'STATS {"t_ms":0}\x1b[31m\x07\x7f\x80\xff\n')
    msg = bytearray(head)
    while len(msg) < 127:
        msg.append(ord('"') if len(msg) & 1 else ord("\\"))
    return bytes(msg)


def sanitized(raw):
    """What Tollgate shows of guest text: every byte outside 0x20-0x7e as '?'."""
    return "".join(chr(b) if 0x20 <= b <= 0x7e else "?" for b in raw)


def console_clean(raw):
    """COM1 holds no control byte but LF (and the CR before it), nothing at
    or above 0x7f: no guest can drive the terminal or forge a line."""
    bad = sorted({b for i, b in enumerate(raw)
                  if (b < 0x20 and b != 0x0a and not (b == 0x0d and raw[i + 1:i + 2] == b"\n"))
                  or b >= 0x7f})
    if bad:
        return [f"the console holds control or non-ASCII bytes {[hex(b) for b in bad]}"]
    return []


def no_forged_lines(s, log):
    """One SUMMARY line, and every STATS line one Tollgate wrote."""
    problems = []
    lines = log.split("\n")
    summaries = [l for l in lines if l.startswith("SUMMARY")]
    if len(summaries) != 1:
        problems.append(f"{len(summaries)} lines start with SUMMARY, not 1")
    for line in lines:
        if not line.startswith("STATS"):
            continue
        try:
            st = json.loads(line[len("STATS "):])
        except json.JSONDecodeError:
            problems.append(f"a STATS line is not JSON: {line[:80]!r}")
            continue
        if not {"t_ms", "tsc", "guests"} <= set(st):
            problems.append(f"a forged STATS line: {line[:80]!r}")
    return problems


def forger_contained(name="forger"):
    """@name's forged reason is kept, sanitized, in SUMMARY and on the
    console after Tollgate's prefix; its bad report keys were refused and
    its report holds the longest keys allowed with the largest values."""
    def check(s, log):
        g = guest_record(s, name)
        problems = guest_problems(g, name)
        if problems:
            return problems
        want = sanitized(forger_message())
        if g["state"] != "failed" or g["reason"] != want:
            problems.append(f"{name} is {g['state']} with reason {g['reason']!r}, "
                            f"expected failed with {want!r}")
        if f"Tollgate: guest '{name}' failed: {want}\n" not in log:
            problems.append(f"no console line 'Tollgate: guest {name!r} failed: "
                            f"<sanitized reason>'")
        report = g["report"]
        if report.get("refused") != FORGER_BAD_KEYS:
            problems.append(f"{name}: {report.get('refused')} bad keys refused, "
                            f"expected {FORGER_BAD_KEYS}")
        if report.get("taken") != FORGER_LONG_KEYS:
            problems.append(f"{name}: {report.get('taken')} long keys taken, "
                            f"expected {FORGER_LONG_KEYS}")
        bad = [k for k in report if not REPORT_KEY.match(k)]
        if bad:
            problems.append(f"{name}: report keys outside [A-Za-z0-9_.-]: {bad!r}")
        longs = [k for k in report if len(k) == 31 and report[k] == U64_MAX]
        if len(longs) != FORGER_LONG_KEYS or len(report) != 16:
            problems.append(f"{name}: report has {len(report)} keys, {len(longs)} "
                            f"of them 31 characters long with value 2**64-1")
        return problems
    return check


def forgers_contained(names):
    return all_of(*(forger_contained(n) for n in names))


def bus_locks_present(s, log):
    """Every guest record, to the last, has its bus_locks counter."""
    missing = [g.get("name") for g in s.get("guests", [])
               if not isinstance(g.get("bus_locks"), int)]
    return [f"guests without bus_locks: {missing}"] if missing else []


# --- The bus-lock hardware on the modelled Bochs (issue 12) -----------------

BUILD = {"dir": "build"}   # set by Case.run: the images (and guest ELFs) tested


def xchg_instruction(build):
    """(address, length) of the xchg guest's split-locked XCHG with memory,
    from its ELF: the fault-like threshold reports the address, the trap-like
    VM exit and #DB the one after it."""
    listing = subprocess.run(["objdump", "-d", os.path.join(build, "guest", "xchg.elf")],
                             capture_output=True, text=True, check=True).stdout
    insns = re.findall(r"^ *([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t(.*)$", listing, re.M)
    # The loop's XCHG; not those right after a MOV SS (xchg.movss=1).
    found = [(a, b) for i, (a, b, text) in enumerate(insns)
             if re.match(r"xchg +%\w+,\(", text) and not (i and insns[i - 1][2].endswith(",%ss"))]
    if len(found) != 1:
        raise AssertionError(f"{len(found)} XCHGs with memory in xchg.elf, expected 1")
    return int(found[0][0], 16), len(found[0][1].split())


def source_counts(src, count, rip_at="after", db_seen=None, exits=None, name="xchg"):
    """@name's @count split locks counted exactly, all by detector @src;
    first_bus_lock_rip at the XCHG ("at", fault-like) or after it ("after",
    trap-like); the guest got @db_seen bus-lock #DBs (with DR6 bit 11 clear:
    the guest fails on any other #DB) and made @exits ({kind: n}) exits."""
    def check(s, log):
        g = guest_record(s, name)
        problems = guest_problems(g, name)
        if problems:
            return problems
        if g["state"] != "done":
            problems.append(f"{name} is {g['state']}: {g['reason']}")
        want = {k: (count if k == src else 0) for k in ("threshold", "vmexit", "db", "soft")}
        if g["bus_locks"] != count or g["bus_locks_by_source"] != want:
            problems.append(f"{name} counted {g['bus_locks']} bus locks "
                            f"({g['bus_locks_by_source']}), expected {count} by {src}")
        addr, length = xchg_instruction(BUILD["dir"])
        rip = addr if rip_at == "at" else addr + length
        if g["first_bus_lock_rip"] != rip:
            got = g["first_bus_lock_rip"]
            problems.append(f"{name} first_bus_lock_rip is "
                            f"{got if got is None else hex(got)}, expected {rip:#x} "
                            f"({rip_at} the XCHG at {addr:#x})")
        if db_seen is not None and g["report"].get("db_seen") != db_seen:
            problems.append(f"{name} saw {g['report'].get('db_seen')} bus-lock #DBs, "
                            f"expected {db_seen}")
        for kind, n in (exits or {}).items():
            if g["exits"].get(kind) != n:
                problems.append(f"{name} made {g['exits'].get(kind)} {kind} exits, "
                                f"expected {n}")
        return problems
    return check


def fatal_at(rip_at):
    """buslock=fatal stopped xchg at its first bus lock: the RIP it names is
    the XCHG's (fault-like) or the next instruction's (trap-like)."""
    def check(s, log):
        problems = fatal_stops_xchg(s, log)
        x = guest_record(s, "xchg")
        if problems or x is None:
            return problems
        addr, length = xchg_instruction(BUILD["dir"])
        rip = addr if rip_at == "at" else addr + length
        if x["first_bus_lock_rip"] != rip:
            problems.append(f"xchg stopped at {x['first_bus_lock_rip']:#x}, expected "
                            f"{rip:#x} ({rip_at} the XCHG)")
        return problems
    return check


def report_is(name, expected):
    """The guest @name reported each of @expected ({key: value})."""
    def check(s, log):
        g = guest_record(s, name)
        if g is None:
            return [f"no record of guest {name}"]
        return [f"{name} reported {k} {g['report'].get(k)!r}, expected {v!r}"
                for k, v in expected.items() if g["report"].get(k) != v]
    return check


def log_lacks(text):
    """The serial log never says @text."""
    def check(s, log):
        return [f"the log says {text!r}"] if text in log else []
    return check


def throttled_at_least(name, us):
    """@name's policy held it off for at least @us microseconds."""
    def check(s, log):
        g = guest_record(s, name)
        if g is None or g["throttled_us"] < us:
            return [f"{name} was throttled for {g and g['throttled_us']} us, not >= {us}"]
        return []
    return check


def stepped(name):
    """@name was single-stepped (step exits) by the software detector."""
    def check(s, log):
        g = guest_record(s, name)
        if g is None or g["exits"]["step"] < 1000:
            return [f"{name} made {g and g['exits']['step']} step exits: not stepped"]
        return []
    return check


def sees_tf(name):
    """@name saw RFLAGS.TF (tf_seen above 0): single-stepping with TF."""
    def check(s, log):
        g = guest_record(s, name)
        n = g and g["report"].get("tf_seen")
        return [] if isinstance(n, int) and n > 0 else [f"{name} tf_seen is {n!r}, not > 0"]
    return check


def guest_detect(expected):
    """Each guest's record names the detector it ran under."""
    def check(s, log):
        problems = []
        for name, detect in expected.items():
            g = guest_record(s, name)
            if g is None or g.get("detect") != detect:
                problems.append(f"guest {name} detect is "
                                f"{g and g.get('detect', '<absent>')!r}, expected {detect!r}")
        return problems
    return check


# --- A Multiboot guest on the virtual PC (issue 13) --------------------------

GUEST_LINE_MAX = 120    # core/guest.h: a longer console line is cut in pieces


def guest_console(log, name):
    """@name's console output, its [name] lines joined again where Tollgate
    cut a long line."""
    out, prefix = [], f"[{name}] "
    for line in log.splitlines():
        if line.startswith(prefix):
            part = line[len(prefix):]
            out.append(part if len(part) == GUEST_LINE_MAX else part + "\n")
    return "".join(out)


def pc_ticker_ok(ticks, hz, name="ticker", tolerance=0.01):
    """ticker took @ticks IRQ 0s at @hz, spaced as the PIT says; its TSC
    calibration against PIT channel 2 and the rate its ticks imply agree with
    Tollgate's own TSC rate within @tolerance; THR-empty interrupts carried
    its line; the RTC gave a date; it ended done/halted."""
    def check(s, log):
        g = guest_record(s, name)
        m = re.search(r"^TICKER (\{.*\})$", guest_console(log, name), re.M)
        host = re.search(r"^TSC: (\d+) kHz", log, re.M)
        if g is None or not m or not host:
            return [f"no {name} record, TICKER line or TSC line"]
        t, khz = json.loads(m.group(1)), int(host.group(1))
        problems = []
        if (g["state"], g["reason"]) != ("done", "halted"):
            problems.append(f"{name} is {g['state']} ({g['reason']!r}), not done/halted")
        if t["ticks"] != ticks or t["hz"] != hz:
            problems.append(f"{t['ticks']} ticks at {t['hz']} Hz, expected {ticks} at {hz}")
        if abs(t["tick_us"] * hz / 1e6 - 1) > tolerance:
            problems.append(f"ticks {t['tick_us']} us apart, not {1e6 / hz:.0f}")
        for key in ("tsc_khz", "tsc_khz_ticks"):
            if abs(t[key] / khz - 1) > tolerance:
                problems.append(f"{key} {t[key]} is not Tollgate's {khz} kHz within "
                                f"{tolerance:.0%}")
        if t["uart_mode"] != "irq" or t["uart_irqs"] < 1:
            problems.append(f"the UART line went out by {t['uart_mode']}, "
                            f"{t['uart_irqs']} interrupts")
        if not re.match(r"20[2-9]\d-\d\d-\d\d \d\d:\d\d:\d\d$", t["rtc"]):
            problems.append(f"RTC date {t['rtc']!r}")
        if g["exits"]["intr_window"] + g["exits"]["hlt"] < ticks:
            problems.append(f"{name} made {g['exits']['hlt']} HLT exits for {ticks} ticks")
        return problems
    return check


# --- Linux as a guest (issue 14) ---------------------------------------------

LINUX_FILES = ("linux/vmlinuz", "linux/initrd.img")


def linux_problem():
    """None if the build has Debian's kernel and the initramfs, else why not."""
    for f in LINUX_FILES:
        if not os.path.exists(os.path.join(BUILD["dir"], f)):
            return (f"no {f} in {BUILD['dir']} (make initramfs fetches Debian's "
                    f"kernel and busybox-static with apt-get download)")
    return None


def linux_ran(count, name="linux", bus_locks=None, own_handler=False,
              source=None):
    """Debian's kernel booted to its /init under Tollgate, found the 16550A,
    ran xchgtest's @count split-locked XCHGs, powered off: done/halted,
    with no MSR access the CPU model refused where Linux expected none to
    fail ("unchecked MSR access"); with @bus_locks, that many counted, all
    by detector @source if given; with @own_handler, Linux's own
    split_lock_detect took Tollgate's bus-lock #DB and warned."""
    def check(s, log):
        g = guest_record(s, name)
        out = guest_console(log, name)
        problems = []
        if g is None or (g["state"], g["reason"]) != ("done", "halted"):
            problems.append(f"{name} is {g and g['state']} ({g and g['reason']!r}), "
                            "not done/halted")
        for want in ("Linux version 6.", "ttyS0 at I/O 0x3f8 (irq = 4", "is a 16550A",
                     "INIT start", f'XCHGTEST {{"count":{count},"done":{count}}}',
                     'INIT done {"runs":1,"failed":0}'):
            if want not in out:
                problems.append(f"{name}'s console lacks {want!r}")
        for line in out.split("\n"):
            if "unchecked MSR access" in line:
                problems.append(f"{name}'s kernel: {line.strip()[:120]}")
        if own_handler and "took a bus_lock trap at address" not in out:
            problems.append(f"{name}'s kernel never warned of a bus_lock trap")
        if bus_locks is not None and g and g["bus_locks"] != bus_locks:
            problems.append(f"{name} counted {g['bus_locks']} bus locks, expected {bus_locks}")
        if source and g:
            want = {k: (bus_locks if k == source else 0)
                    for k in ("threshold", "vmexit", "db", "soft")}
            if g["bus_locks_by_source"] != want:
                problems.append(f"{name}'s bus locks by source are "
                                f"{g['bus_locks_by_source']}, expected {want}")
        return problems
    return check


# --- The software detector at CPL 3 only (soft=user, issue 14) --------------

def soft_scope(name, scope, irets=True):
    """@name ran under detect=soft stepping @scope ("user" or "all"); under
    "user" its kernel ran unstepped, caught on its way back by IRET exits."""
    def check(s, log):
        g = guest_record(s, name)
        if g is None:
            return [f"no record of guest {name}"]
        problems = []
        if (g["detect"], g.get("soft")) != ("soft", scope):
            problems.append(f"{name} ran detect {g['detect']}, soft {g.get('soft')!r}, "
                            f"expected soft {scope!r}")
        if irets and scope == "user" and g["exits"]["iret"] < 1:
            problems.append(f"{name} made no iret exit under soft=user")
        if scope == "all" and g["exits"]["iret"]:
            problems.append(f"{name} made {g['exits']['iret']} iret exits under soft=all")
        return problems
    return check


def killed_at_first_bus_lock(name):
    """buslock=fatal stopped @name at its first bus lock, named in the reason."""
    def check(s, log):
        g = guest_record(s, name)
        if g is None:
            return [f"no record of guest {name}"]
        problems = []
        if g["state"] != "killed" or "bus lock at rip 0x" not in g["reason"]:
            problems.append(f"{name} is {g['state']}: {g['reason']!r}")
        if g["bus_locks"] != 1:
            problems.append(f"{name} counted {g['bus_locks']} bus locks before it stopped")
        return problems
    return check


def slept_in_stats(name):
    """A STATS line shows @name asleep under its policy, and the intervals'
    throttled_us_interval add up to the summary's throttled_us."""
    def check(s, log):
        g = guest_record(s, name)
        lines = [line for line in stats_lines(log) if isinstance(line, dict)]
        recs = [r for line in lines for r in line.get("guests", [])
                if r.get("name") == name]
        problems = []
        if not any(r.get("sleeping") is True for r in recs):
            problems.append(f"no STATS line shows {name} sleeping")
        if g and sum(r.get("throttled_us_interval", 0) for r in recs) != g["throttled_us"]:
            problems.append(f"{name}'s throttled_us_interval does not add up to its "
                            f"throttled_us {g['throttled_us']}")
        return problems
    return check
