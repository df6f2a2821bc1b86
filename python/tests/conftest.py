import os
import sys

# `import hhsim` from the build tree: ctest sets PYTHONPATH; a manual run may pass HHSIM_BUILD.
build = os.environ.get("HHSIM_BUILD")
if build:
    sys.path.insert(0, os.path.join(build, "python"))
