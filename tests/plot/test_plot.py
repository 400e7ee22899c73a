#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests scripts/plot on the recorded logs here (README.md says what they are).

Run: python3 tests/plot/test_plot.py  (or -v).  Needs Debian's
python3-matplotlib; scripts/plot finds it under /usr/bin/python3 even when
another python3 comes first on PATH.
"""
import importlib.machinery
import importlib.util
import os
import struct
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PLOT = os.path.join(ROOT, "scripts", "plot")
SAMPLE = os.path.join(HERE, "sample.log")
WARN = os.path.join(HERE, "warn.log")
SEQUENTIAL = os.path.join(HERE, "sequential.log")
BARE = os.path.join(HERE, "bare-victim.log")
SMP = os.path.join(HERE, "smp.log")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def load_plot_module():
    """scripts/plot as a module, for its parser (it imports no matplotlib)."""
    loader = importlib.machinery.SourceFileLoader("tollgate_plot", PLOT)
    spec = importlib.util.spec_from_loader("tollgate_plot", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def png_size(path):
    """(width, height) from the PNG's IHDR chunk; fails unless it is a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == PNG_MAGIC, f"{path} does not start with the PNG magic"
    assert head[12:16] == b"IHDR", f"{path} has no IHDR chunk first"
    return struct.unpack(">II", head[16:24])


class PlotTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="tollgate-plot-")
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def plot(self, *args):
        proc = subprocess.run([PLOT, *args], capture_output=True, text=True,
                              timeout=120)
        return proc.returncode, proc.stderr

    def check_png(self, path, min_width=500, min_height=400):
        self.assertTrue(os.path.exists(path), f"{path} was not written")
        self.assertGreater(os.path.getsize(path), 10_000,
                           "a PNG this small cannot hold the plot")
        self.assertLess(os.path.getsize(path), 5_000_000)
        width, height = png_size(path)
        self.assertGreaterEqual(width, min_width)
        self.assertGreaterEqual(height, min_height)
        self.assertLessEqual(width, 8000)
        self.assertLessEqual(height, 4000)
        return width, height

    def test_sample(self):
        out = self.path("sample.png")
        rc, err = self.plot(SAMPLE, "-o", out, "--title", "sample")
        self.assertEqual(rc, 0, err)
        self.check_png(out)
        self.assertNotIn("no STATS", err)
        self.assertNotIn("broken", err)

    def test_logs_side_by_side(self):
        one, three = self.path("one.png"), self.path("three.png")
        rc, err = self.plot(SAMPLE, "-o", one)
        self.assertEqual(rc, 0, err)
        rc, err = self.plot(WARN, SAMPLE, SEQUENTIAL, "-o", three, "--log-y")
        self.assertEqual(rc, 0, err)
        w1, h1 = self.check_png(one)
        w3, h3 = self.check_png(three)
        self.assertGreater(w3, 2.5 * w1, "three panels should sit side by side")
        self.assertEqual(h1, h3)

    def test_no_stats_lines(self):
        """A log without STATS lines: a clear message, exit 1, and still a PNG."""
        out = self.path("bare.png")
        rc, err = self.plot(BARE, "-o", out)
        self.assertEqual(rc, 1, err)
        self.assertIn("bare-victim.log: no STATS lines", err)
        self.assertNotIn("Traceback", err)
        self.check_png(out)

    def test_empty_log(self):
        empty = self.path("empty.log")
        open(empty, "wb").close()
        out = self.path("empty.png")
        rc, err = self.plot(empty, "-o", out)
        self.assertEqual(rc, 1, err)
        self.assertIn("no STATS lines", err)
        self.assertIn("no VICTIM lines", err)
        self.assertIn("no SUMMARY line", err)
        self.assertNotIn("Traceback", err)
        self.check_png(out)

    def test_messy_log(self):
        """Escape codes, CR, a cut line, binary junk: read what can be read."""
        with open(SAMPLE, "rb") as f:
            lines = f.read().split(b"\r\n")
        stats = [i for i, l in enumerate(lines) if l.startswith(b"STATS ")]
        messy = []
        for i, line in enumerate(lines):
            if i % 3 == 0:
                line = b"\x1b[1;32m" + line + b"\x1b[0m"
            if i == stats[3]:
                line = line[:40]		# a STATS line cut short
            messy.append(line)
        messy.insert(stats[5], b"\x00\xff\xfe garbage \x07 STATS {")
        data = (b"\x1b[2J\x1b[H" + b"\r\n".join(messy)
                + b"\r\nprogress 10%\rprogress 100%\r\n")
        path = self.path("messy.log")
        with open(path, "wb") as f:
            f.write(data)
        out = self.path("messy.png")
        rc, err = self.plot(path, "-o", out)
        self.assertEqual(rc, 0, err)
        self.assertIn("1 broken STATS line skipped", err)
        self.check_png(out)

        mod = load_plot_module()
        clean, dirty = mod.Run(SAMPLE), mod.Run(path)
        with open(SAMPLE, "rb") as f:
            clean.parse(f.read())
        dirty.parse(data)
        self.assertEqual(len(dirty.stats), len(clean.stats) - 1)
        self.assertEqual(len(dirty.victims["victim"]),
                         len(clean.victims["victim"]))
        self.assertEqual(dirty.summary, clean.summary)

    def test_usage_errors(self):
        rc, err = self.plot(SAMPLE)
        self.assertEqual(rc, 2)
        self.assertIn("-o", err)
        rc, err = self.plot(self.path("no-such.log"), "-o", self.path("x.png"))
        self.assertEqual(rc, 2)
        self.assertIn("cannot read", err)
        self.assertFalse(os.path.exists(self.path("x.png")))
        rc, err = self.plot(SAMPLE, "-o", self.path("no/such/dir/x.png"))
        self.assertEqual(rc, 2)
        self.assertIn("cannot write", err)

    def test_parse_sample(self):
        """What the parser makes of the sample: rates, policy, victim times."""
        mod = load_plot_module()
        run = mod.Run(SAMPLE)
        with open(SAMPLE, "rb") as f:
            run.parse(f.read())
        self.assertEqual(run.guests, ["xchg"])
        self.assertEqual(run.summary["policy"], "ratelimit:1000")
        self.assertEqual(run.policy_of("xchg")[0], "ratelimit:1000")
        self.assertEqual(run.tsc_khz, 2619323)
        segs, throttled, spans = run.bus_lock_rates()["xchg"]
        rates = [r for _, _, r in segs]
        self.assertEqual(len(segs), len(run.stats))
        self.assertEqual(segs[0][0], 0)
        self.assertAlmostEqual(sum(r * (t1 - t0) for t0, t1, r in segs), 6000)
        self.assertEqual(throttled, 6_000_000)
        self.assertEqual(len(spans), 6)
        # ratelimit:1000 holds it under 1000 a second, over each STATS gap.
        self.assertLessEqual(max(rates), 1000)
        self.assertGreater(max(rates), 500)
        (name, xs, ys, is_time, how, ref), = run.victim_series()
        self.assertTrue(is_time)
        self.assertIn("offset from line order", how)
        # Its intervals lie within the run, in order, about 100 ms apart.
        self.assertGreater(xs[0], 0.2)
        self.assertLess(xs[-1], run.stats[-1][1] / 1000 + 1)
        gaps = [b - a for a, b in zip(xs, xs[1:])]
        self.assertTrue(all(0.09 < g < 0.11 for g in gaps), gaps)
        self.assertAlmostEqual(max(ys), 1.0, delta=0.1)
        self.assertLess(min(ys), 0.8)

    def test_exact_tsc_in_stats(self):
        """STATS lines that carry "tsc" place the victim exactly."""
        log = (b'TSC: 1000000 kHz\r\n'
               b'STATS {"t_ms":100,"tsc":5100000000,"guests":[]}\r\n'
               b'[victim] VICTIM {"i":0,"t_tsc":5150000000,"dt_tsc":100000000,'
               b'"hops":1000}\r\n'
               b'[victim] VICTIM {"i":1,"t_tsc":5250000000,"dt_tsc":100000000,'
               b'"hops":500}\r\n'
               b'STATS {"t_ms":300,"tsc":5300000000,"guests":[]}\r\n')
        mod = load_plot_module()
        run = mod.Run("exact.log")
        run.parse(log)
        (name, xs, ys, is_time, how, ref), = run.victim_series()
        self.assertIn("exact", how)
        self.assertEqual([round(x, 3) for x in xs], [0.1, 0.2])
        self.assertEqual(ys, [1.0, 0.5])

    def test_work_from_stats(self):
        """No VICTIM lines: the throughput comes from STATS work_per_s, one
        point per line that brought a report, over the span since the last."""
        def stats(t, work, wi, wps, state="running"):
            return ('STATS {"t_ms":%d,"guests":[{"name":"xchg","state":"running",'
                    '"cpu":0,"bus_locks":%d,"bus_locks_interval":100,'
                    '"throttled_us":0,"work":0,"work_interval":0,"work_per_s":0},'
                    '{"name":"victim","state":"%s","cpu":1,"bus_locks":0,'
                    '"bus_locks_interval":0,"throttled_us":0,"work":%d,'
                    '"work_interval":%d,"work_per_s":%d}]}\r\n'
                    % (t, t, state, work, wi, wps)).encode()
        log = (stats(100, 0, 0, 0)			# before its first report
               + stats(200, 1000, 1000, 10000)
               + stats(300, 3000, 2000, 20000)
               + stats(400, 3000, 0, 0)		# reports come less often
               + stats(500, 5000, 2000, 10000)
               + stats(600, 5000, 0, 0, "done"))
        mod = load_plot_module()
        run = mod.Run("work.log")
        run.parse(log)
        self.assertEqual(run.victims, {})
        (name, xs, ys, ref), = run.work_series()	# not xchg: no work
        self.assertEqual(name, "victim")
        self.assertEqual(ref, 10000)		# median of three, at its best
        self.assertEqual(ys, [1.0, 2.0, 1.0])
        # Each point in the middle of the span since the last report.
        self.assertEqual([round(x, 3) for x in xs], [0.15, 0.25, 0.4])

        path = self.path("work.log")
        with open(path, "wb") as f:
            f.write(log)
        out = self.path("work.png")
        rc, err = self.plot(path, "-o", out)
        self.assertEqual(rc, 0, err)
        self.assertIn("throughput of victim from the STATS lines' work_per_s", err)
        self.check_png(out)

    def test_smp_log(self):
        """A recorded two-CPU run: VICTIM lines and STATS work agree."""
        mod = load_plot_module()
        with open(SMP, "rb") as f:
            raw = f.read()
        run = mod.Run(SMP)
        run.parse(raw)
        self.assertEqual(run.summary["cpus"], 2)
        self.assertEqual(run.cpu_of("xchg"), 0)
        self.assertEqual(run.cpu_of("victim"), 1)
        self.assertEqual(run.work_series(), [])	# VICTIM lines come first
        (_, vxs, _, is_time, how, vref), = run.victim_series()
        self.assertTrue(is_time)
        self.assertIn("exact", how)

        bare = mod.Run("no-victim-lines.log")
        bare.parse(b"\r\n".join(l for l in raw.split(b"\r\n") if b"VICTIM" not in l))
        self.assertEqual(bare.victims, {})
        (name, xs, ys, ref), = bare.work_series()
        self.assertEqual(name, "victim")
        # The same best rate, in hops per second, within 10%.
        self.assertAlmostEqual(ref / (vref * run.tsc_khz * 1000), 1.0, delta=0.1)
        self.assertGreaterEqual(min(xs), 0)
        self.assertLessEqual(max(xs), max(vxs) + 0.2)
        self.assertLess(min(ys), 0.6)	# slowed while xchg was single-stepped

        # ratelimit:1000: each second's budget spent in a burst, then a
        # second asleep, counted in throttled_us when the sleep began while
        # STATS lines went on: the throttled span follows the burst's line.
        segs, throttled, spans = run.bus_lock_rates()["xchg"]
        self.assertEqual(throttled, 3_000_000)
        self.assertEqual(len(spans), 3)
        burst = [t1 for t0, t1, r in segs if r > 1000]
        self.assertEqual(len(burst), 3)
        for (x0, x1), end in zip(spans, burst):
            self.assertAlmostEqual(x0, end)
            self.assertAlmostEqual(x1 - x0, 1.0)

        both = self.path("smp.png")
        path = self.path("no-victim-lines.log")
        with open(path, "wb") as f:
            f.write(b"\r\n".join(l for l in raw.split(b"\r\n") if b"VICTIM" not in l))
        rc, err = self.plot(SMP, path, "-o", both)
        self.assertEqual(rc, 0, err)
        self.check_png(both)


if __name__ == "__main__":
    unittest.main()
