# SPDX-License-Identifier: MIT
"""scripts/mkinitramfs: the archive the kernel unpacks, read back here with
a newc reader of its own, and the same bytes from the same inputs.  A stand-in
busybox (a script answering --list) keeps the test off the network."""
import gzip
import os
import stat
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
MKINITRAMFS = os.path.join(HERE, "..", "..", "scripts", "mkinitramfs")
FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
          "check")


def read_newc(data):
    """[(name, header fields, file data)] of a newc archive, TRAILER!!! last."""
    out, pos = [], 0
    while True:
        if data[pos:pos + 6] != b"070701":
            raise ValueError(f"no newc magic at {pos}")
        values = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        head = dict(zip(FIELDS, values))
        name_at = pos + 110
        name = data[name_at:name_at + head["namesize"] - 1].decode()
        body_at = (name_at + head["namesize"] + 3) & ~3
        body = data[body_at:body_at + head["filesize"]]
        out.append((name, head, body))
        pos = (body_at + head["filesize"] + 3) & ~3
        if name == "TRAILER!!!":
            return out


class MkInitramfs(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.busybox = os.path.join(d, "busybox")
        with open(self.busybox, "w") as f:
            f.write("#!/bin/sh\nprintf 'sh\\nmount\\ncat\\npoweroff\\n[\\n'\n")
        os.chmod(self.busybox, 0o755)
        self.init = self.file("init", b"\x7fELF init")
        self.prog = self.file("xchgtest", b"\x7fELF xchgtest")

    def tearDown(self):
        self.tmp.cleanup()

    def file(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def build(self, out, *extra):
        path = os.path.join(self.tmp.name, out)
        subprocess.run([MKINITRAMFS, path, "--init", self.init, "--busybox",
                        self.busybox, "--bin", self.prog, *extra], check=True)
        with open(path, "rb") as f:
            return f.read()

    def test_members(self):
        members = read_newc(gzip.decompress(self.build("a.img")))
        by_name = {name: (head, body) for name, head, body in members}
        names = [name for name, _, _ in members]
        self.assertEqual(names[-1], "TRAILER!!!")
        self.assertEqual(names[:-1], sorted(names[:-1]))
        for d in ("bin", "dev", "proc", "sys", "tmp"):
            self.assertTrue(stat.S_ISDIR(by_name[d][0]["mode"]), d)
        console = by_name["dev/console"][0]
        self.assertTrue(stat.S_ISCHR(console["mode"]))
        self.assertEqual((console["rdevmajor"], console["rdevminor"]), (5, 1))
        self.assertEqual(by_name["init"][1], b"\x7fELF init")
        self.assertEqual(by_name["init"][0]["mode"], stat.S_IFREG | 0o755)
        self.assertEqual(by_name["bin/xchgtest"][1], b"\x7fELF xchgtest")
        for applet in ("sh", "mount", "cat", "poweroff", "["):
            head, body = by_name["bin/" + applet]
            self.assertTrue(stat.S_ISLNK(head["mode"]), applet)
            self.assertEqual(body, b"busybox")
        for name, head, _ in members[:-1]:
            self.assertEqual((head["uid"], head["gid"], head["mtime"]), (0, 0, 0), name)

    def test_reproducible(self):
        self.assertEqual(self.build("a.img"), self.build("b.img"))

    def test_extra_program(self):
        extra = self.file("mytest", b"mine")
        members = read_newc(gzip.decompress(self.build("c.img", "--bin", extra)))
        self.assertIn(("bin/mytest", b"mine"), [(n, b) for n, _, b in members])

    def test_two_files_one_name(self):
        other = os.path.join(self.tmp.name, "sub")
        os.mkdir(other)
        clash = os.path.join(other, "xchgtest")
        with open(clash, "wb") as f:
            f.write(b"x")
        proc = subprocess.run([MKINITRAMFS, os.path.join(self.tmp.name, "d.img"),
                               "--init", self.init, "--busybox", self.busybox,
                               "--bin", self.prog, "--bin", clash],
                              capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("two files named bin/xchgtest", proc.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "d.img")))


if __name__ == "__main__":
    unittest.main()
