"""The README's example (example.py) prints what every binding's example prints (bindings/testdata/example.out)."""

import os
import subprocess
import sys
import unittest

from tests.support import EXAMPLE_WASM, HERE, REPO


class ExampleTest(unittest.TestCase):
    def test_the_example_prints_the_expected_lines(self):
        package = os.path.dirname(HERE)
        env = dict(os.environ, PYTHONPATH=package + os.pathsep + os.environ.get("PYTHONPATH", ""))
        run = subprocess.run([sys.executable, os.path.join(package, "example.py"), EXAMPLE_WASM], env=env,
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(os.path.join(REPO, "bindings", "testdata", "example.out")) as f:
            self.assertEqual(run.stdout, f.read())


if __name__ == "__main__":
    unittest.main()
