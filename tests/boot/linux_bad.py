# SPDX-License-Identifier: MIT
"""Bad Linux guests (issue 14): images crafted at test time from the real
kernel and initramfs under the build dir, each refused with a named error
before it runs while the others run and finish; a kernel that panics with
no panic= argument, ended by timeout=; and the real kernel with its 64-bit
entry hidden (XLF_KERNEL_64 clear), which Tollgate enters at the 32-bit one.
"""
import os
import struct

from checks import BUILD, guest_record, guest_console, linux_problem

BAD_DIR = "linux-bad"
CUT, OLD, BIG_INITRD = (f"{BAD_DIR}/vmlinuz-cut", f"{BAD_DIR}/vmlinuz-2.11",
                        f"{BAD_DIR}/initrd-big.img")
ENTRY32 = f"{BAD_DIR}/vmlinuz-entry32"
BIG_INITRD_MEM = 96         # MiB: bigrd.mem, room for the kernel, not its initrd
MIB = 1 << 20


def write_if_changed(path, data):
    """Writes @data to @path unless it holds it already (a test ISO is
    cached by its modules' times: harness.iso_for)."""
    if os.path.exists(path) and open(path, "rb").read() == data:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


def craft_linux_files():
    """Writes the images of the linux-bad and linux-entry32 cases from
    Debian's kernel and the initramfs; None, or why it cannot (as a
    requires= check)."""
    why = linux_problem()
    if why:
        return why
    build = BUILD["dir"]
    kernel = open(os.path.join(build, "linux/vmlinuz"), "rb").read()
    initrd = open(os.path.join(build, "linux/initrd.img"), "rb").read()
    setup_sects = kernel[0x1f1] or 4
    kernel_len = struct.unpack_from("<I", kernel, 0x1f4)[0] * 16   # syssize
    init_size = struct.unpack_from("<I", kernel, 0x260)[0]
    # Cut halfway through the protected-mode kernel.
    write_if_changed(os.path.join(build, CUT),
                     kernel[:(setup_sects + 1) * 512 + kernel_len // 2])
    # The header's version field (0x206) says protocol 2.11.
    old = bytearray(kernel)
    struct.pack_into("<H", old, 0x206, 0x020b)
    write_if_changed(os.path.join(build, OLD), bytes(old))
    # xloadflags (0x236) without XLF_KERNEL_64 (bit 0): no 64-bit entry.
    no64 = bytearray(kernel)
    struct.pack_into("<H", no64, 0x236, struct.unpack_from("<H", kernel, 0x236)[0] & ~1)
    write_if_changed(os.path.join(build, ENTRY32), bytes(no64))
    # An initrd 1 MiB bigger than the room BIG_INITRD_MEM leaves above
    # where the kernel runs (pref_address, 16 MiB for Debian's: it moves
    # itself there from 1 MiB) and the init_size it needs from there.
    run_start = max(MIB, struct.unpack_from("<Q", kernel, 0x258)[0])
    room = BIG_INITRD_MEM * MIB - run_start - init_size
    if room <= 0:
        return f"Debian's kernel needs {init_size >> 20} MiB: raise BIG_INITRD_MEM"
    # Zeros first: GRUB's module2 unpacks a gzip file (the initramfs is
    # one), and would take a padded one's size from its last four bytes.
    size = max(room + MIB, len(initrd))
    write_if_changed(os.path.join(build, BIG_INITRD), bytes(size - len(initrd)) + initrd)
    return None


def refused(name, words):
    """Guest @name was not run (killed before its first turn) and the
    SUMMARY errors name it with @words."""
    def check(s, log):
        g = guest_record(s, name)
        problems = []
        if g is None or g["state"] != "killed" or g["turns"] or \
                not g["reason"].startswith("not started"):
            problems.append(f"{name} was not stopped before it ran: {g}")
        if not any(f"'{name}'" in e and words in e for e in s.get("errors", [])):
            problems.append(f"errors do not say '{name}': '{words}': {s.get('errors')}")
        return problems
    return check


def panicked_then_timed_out(name="linux"):
    """@name's kernel panicked (no panic=, so it spins), and timeout= then
    stopped it: killed, reason timeout."""
    def check(s, log):
        g = guest_record(s, name)
        problems = []
        if g is None or (g["state"], g["reason"]) != ("killed", "timeout"):
            problems.append(f"{name} is {g and g['state']} ({g and g['reason']!r}), "
                            "not killed/timeout")
        out = guest_console(log, name)
        if "Kernel panic - not syncing" not in out:
            problems.append(f"{name}'s kernel did not panic before the timeout")
        if "INIT start" in out:
            problems.append(f"{name} reached /init, which it must not")
        return problems
    return check
