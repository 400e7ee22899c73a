# SPDX-License-Identifier: MIT
"""Boots Tollgate in an emulator, captures COM1, and parses the SUMMARY line.

A boot ends when the emulator exits or the case's time limit runs out.  Once
the SUMMARY line appears, the emulator gets a grace period to exit by itself
(through isa-debug-exit or the Bochs shutdown port); the case says whether it
must.  A machine that stops without exiting (Linux halting: CLI; HLT) is
ended END_GRACE after the Boot's end_line.

The launcher qemu-multiboot boots one of the project's own Multiboot kernels
(guest/ticker) under QEMU instead of Tollgate; its result is the line
"TAG {json}" for the Boot's result_tag, which is SUMMARY for Tollgate.
"""
import concurrent.futures
import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
QEMU_BASE = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-m", "256M",
             "-no-reboot", "-display", "none",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
# Debian's kernel with the initramfs of `make initramfs` (tests/boot/linux.py):
# a PC without ACPI, as under Tollgate, so the guest's power-off is a halt.
LINUX_QEMU = ["qemu-system-x86_64", "-machine", "pc,acpi=off", "-cpu", "max",
              "-m", "256M", "-no-reboot", "-display", "none"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1bc")
EXIT_GRACE = 20.0
# Launchers that boot a kernel with QEMU -kernel: no ISO to build.
DIRECT_LAUNCHERS = ("qemu-kernel", "qemu-multiboot", "qemu-linux")
END_GRACE = 1.0


@dataclasses.dataclass
class Boot:
    """One emulator run: what to boot and how."""
    launcher: str          # qemu-kernel | qemu-bios | qemu-uefi | bochs | bochs-model
                           # | qemu-multiboot | qemu-linux (Debian's kernel, cmdline is its own)
    cmdline: str = ""
    model: str = ""        # Bochs CPU model
    timeout: float = 120.0
    modules: tuple = ()    # (file relative to the build folder, name) for module2
    cpus: int = 1          # processors: QEMU -smp N, Bochs cpu: count=N
    qemu_args: tuple = ()  # more QEMU options, after the usual ones
    kernel: str = ""       # qemu-multiboot: the kernel, relative to the build folder
    result_tag: str = "SUMMARY"  # the result line is "TAG {json}"
    end_line: str = ""     # text after which the machine stops without exiting


@dataclasses.dataclass
class Outcome:
    log: str
    raw: bytes                # COM1 as the emulator wrote it
    summary: dict | None
    summary_problem: str
    exit_status: int | None   # None: killed by the harness
    seconds: float
    ended_at_line: bool = False  # killed END_GRACE after the Boot's end_line


@dataclasses.dataclass
class Result:
    name: str
    ok: bool
    problems: list
    log: str
    seconds: float
    note: str = ""
    skipped: str = ""     # why the case could not run on this machine


def kvm_nested_problem():
    """None if this host's KVM can run Tollgate with -cpu host, else why not."""
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "no usable /dev/kvm on this host"
    flags = set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                flags.update(line.split(":", 1)[1].split())
                break
    if not flags & {"vmx", "svm"}:
        return ("this host's CPU shows neither the vmx nor the svm flag, so its "
                "KVM cannot offer nested virtualization to a guest")
    for module in ("kvm_intel", "kvm_amd"):
        path = f"/sys/module/{module}/parameters/nested"
        if os.path.exists(path) and open(path).read().strip() in ("Y", "1"):
            return None
    return "KVM's nested parameter is off (kvm_intel/kvm_amd nested=0)"


def bochs_model():
    """The modelled Bochs (bus-lock #DB, VM exit and threshold): $BOCHS_BUSLOCK,
    else ../shared/bochs-buslock/bin/bochs beside the repository."""
    return os.environ.get("BOCHS_BUSLOCK") or os.path.join(
        REPO, "..", "shared", "bochs-buslock", "bin", "bochs")


def bochs_model_problem():
    """None if the modelled Bochs can run here, else why not."""
    path = bochs_model()
    if not os.access(path, os.X_OK):
        return (f"no modelled Bochs at {os.path.normpath(path)} (set BOCHS_BUSLOCK "
                f"to its bin/bochs)")
    share = os.path.join(os.path.dirname(os.path.dirname(path)), "share")
    if not os.path.exists(os.path.join(share, "BIOS-bochs-latest")):
        return f"the modelled Bochs has no BIOS-bochs-latest in {os.path.normpath(share)}"
    return None


def clean_log(raw):
    """Serial bytes as text lines: escape sequences and carriage returns out."""
    text = raw.decode("utf-8", errors="replace")
    return ANSI.sub("", text).replace("\r", "")


def parse_summary(log, tag="SUMMARY"):
    """Returns (the dict of the one last line "@tag {...}" or None, problem
    in words or "")."""
    lines = [l for l in log.split("\n") if l.strip()]
    found = [i for i, l in enumerate(lines) if l.startswith(tag + " {")]
    if not found:
        return None, f"no {tag} line"
    if len(found) > 1:
        return None, f"{len(found)} {tag} lines"
    if found[0] != len(lines) - 1:
        return None, f"{tag} is not the last line (then: {lines[-1]!r})"
    try:
        return json.loads(lines[found[0]][len(tag) + 1:]), ""
    except json.JSONDecodeError as e:
        return None, f"{tag} is not JSON: {e}"


def iso_for(build, cmdline, modules=()):
    """A test ISO booting straight into Tollgate with @cmdline (cached)."""
    elf = os.path.join(build, "tollgate.elf")
    mods = [f"{os.path.join(build, f)}:{n}" for f, n in modules]
    times = [os.path.getmtime(f) for f in [elf] + [m.split(":")[0] for m in mods]
             if os.path.exists(f)]     # a module rebuilt makes a new ISO
    key = hashlib.sha1((cmdline + repr(mods) + repr(times))
                       .encode()).hexdigest()[:12]
    iso = os.path.join(build, "test", f"tollgate-{key}.iso")
    if not os.path.exists(iso):
        os.makedirs(os.path.dirname(iso), exist_ok=True)
        tmp = f"{iso}.{os.getpid()}.tmp"   # two runs at once may build it
        subprocess.run([os.path.join(REPO, "scripts", "mkiso"), elf, tmp, cmdline, "0"]
                       + mods, check=True)
        os.replace(tmp, iso)
    return iso


def linux_files(build):
    """The kernel and initramfs that `make initramfs` leaves in @build."""
    return (os.path.join(build, "linux", "vmlinuz"),
            os.path.join(build, "linux", "initrd.img"))


def command_for(boot, build, workdir, log_path):
    """The emulator's argv for @boot, writing COM1 to @log_path."""
    if boot.launcher == "qemu-linux":
        kernel, initrd = linux_files(build)
        return LINUX_QEMU + ["-serial", f"file:{log_path}", "-kernel", kernel,
                             "-initrd", initrd, "-append", boot.cmdline] \
            + list(boot.qemu_args)
    if boot.launcher in ("bochs", "bochs-model"):
        model = ["--bochs", bochs_model()] if boot.launcher == "bochs-model" else []
        return [os.path.join(REPO, "scripts", "bochs-run"), "--model", boot.model,
                "--cpus", str(boot.cpus),
                "--iso", iso_for(build, boot.cmdline, boot.modules), "--serial", log_path,
                "--workdir", workdir] + model
    cmd = QEMU_BASE + ["-serial", f"file:{log_path}"]
    if boot.cpus != 1:
        cmd += ["-smp", str(boot.cpus)]
    cmd += list(boot.qemu_args)
    if boot.launcher == "qemu-kvm":
        cmd = [a if a != "max" else "host" for a in cmd] + ["-enable-kvm"]
    if boot.launcher == "qemu-kernel":
        return cmd + ["-kernel", os.path.join(build, "tollgate-mb1.elf"),
                      "-append", boot.cmdline]
    if boot.launcher == "qemu-multiboot":
        return cmd + ["-kernel", os.path.join(build, boot.kernel),
                      "-append", boot.cmdline]
    cmd += ["-cdrom", iso_for(build, boot.cmdline, boot.modules)]
    if boot.launcher == "qemu-uefi":
        vars_copy = os.path.join(workdir, "ovmf-vars.fd")
        shutil.copy(OVMF_VARS, vars_copy)
        cmd += ["-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
                "-drive", f"if=pflash,format=raw,file={vars_copy}"]
    return cmd


def wait_for(proc, log_path, timeout, tag="SUMMARY", end_line=""):
    """Waits for exit or timeout, granting EXIT_GRACE after the result line
    and END_GRACE after @end_line."""
    marker = f"\n{tag} {{".encode()
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return proc.returncode
        try:
            with open(log_path, "rb") as f:
                seen = f.read()
            if marker in seen:
                deadline = min(deadline, time.monotonic() + EXIT_GRACE)
            if end_line and end_line.encode() in seen:
                deadline = min(deadline, time.monotonic() + END_GRACE)
        except FileNotFoundError:
            pass
        time.sleep(0.2)
    kill_group(proc)
    return None


def kill_group(proc):
    """SIGKILL to the emulator's whole process group (it was started in a
    session of its own): scripts/bochs-run runs Bochs as a child, and Bochs
    with its term display ignores SIGTERM."""
    if proc.returncode is None:     # not reaped: its pid is still the group's
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def boot(b, build):
    """Runs one boot and returns its Outcome."""
    with tempfile.TemporaryDirectory(prefix="tollgate-boot-") as workdir:
        log_path = os.path.join(workdir, "serial.log")
        cmd = command_for(b, build, workdir, log_path)
        start = time.monotonic()
        with open(os.path.join(workdir, "emulator.out"), "wb") as out:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                status = wait_for(proc, log_path, b.timeout, b.result_tag, b.end_line)
            except BaseException:       # ^C: no emulator left behind
                kill_group(proc)
                raise
        seconds = time.monotonic() - start
        raw = open(log_path, "rb").read() if os.path.exists(log_path) else b""
        emulator_out = open(os.path.join(workdir, "emulator.out"), "rb").read()
    log = clean_log(raw)
    summary, problem = parse_summary(log, b.result_tag)
    if summary is None and emulator_out:
        log += "\n--- emulator output ---\n" + clean_log(emulator_out)[-2000:]
    ended = status is None and bool(b.end_line) and b.end_line in log
    return Outcome(log, raw, summary, problem, status, seconds, ended)


def run_cases(selected, build, workers=2):
    """Runs the cases two at a time (one per core); yields Results in order."""
    for case in selected:   # build the ISOs first, so no two threads race
        modules_there = all(os.path.exists(os.path.join(build, f))
                            for f, _ in case.boot.modules)
        # A case whose modules are missing is skipped by its requires=.
        if case.boot.launcher not in DIRECT_LAUNCHERS and modules_there:
            iso_for(build, case.boot.cmdline, case.boot.modules)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(case.run, build) for case in selected]
        for future in futures:
            yield future.result()
