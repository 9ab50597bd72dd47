"""Runs the test suite under TensorFlow, JAX and torch, one process each.

Prints each backend's result and wall time, then one summary line, and
exits non-zero if any backend failed. Arguments are passed to pytest.
"""

import os
import re
import subprocess
import sys
import time

BACKENDS = ("tensorflow", "jax", "torch")


def _counts(output):
    counts = {}
    for line in reversed(output.splitlines()):
        found = re.findall(
            r"(\d+) (passed|failed|skipped|errors?|deselected)", line
        )
        if found and ("passed" in line or "failed" in line or "error" in line):
            for number, word in found:
                word = "errors" if word.startswith("error") else word
                counts[word] = int(number)
            break
    return counts


def main(argv):
    backends = BACKENDS
    if os.environ.get("KERAS_GANS_BACKENDS"):
        backends = tuple(os.environ["KERAS_GANS_BACKENDS"].split(","))
    results = []
    for backend in backends:
        env = dict(os.environ, KERAS_BACKEND=backend)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        # pytest's progress reaches this pipe as it happens, not in blocks.
        env["PYTHONUNBUFFERED"] = "1"
        print(f"=== {backend} ===", flush=True)
        start = time.time()
        # pytest's output is passed through as it comes (its progress dots
        # show how far a backend is) and kept for the summary.
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--durations=5",
            ]
            + argv,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        lines = []
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
        proc.wait()
        elapsed = time.time() - start
        results.append(
            (backend, proc.returncode, elapsed, _counts("".join(lines)))
        )

    print("\n=== summary ===")
    total = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    for backend, code, elapsed, counts in results:
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        detail = ", ".join(f"{v} {k}" for k, v in counts.items())
        print(f"{backend:<11} {status:<16} {elapsed:7.1f} s  {detail}")
        for key in total:
            total[key] += counts.get(key, 0)
    failed = total["failed"] + total["errors"]
    # A backend that crashed or ran nothing counts as failed as well.
    failed += sum(
        1
        for _, code, _, c in results
        if code != 0 and not c.get("failed") and not c.get("errors")
    )
    print(
        f"matrix: {total['passed']} passed, {failed} failed, "
        f"{total['skipped']} skipped"
    )
    return 0 if all(code == 0 for _, code, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
