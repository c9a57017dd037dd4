"""The compiled parts, each optional: number cells read in C by the batch engine
(clusterpolicy.criteria._cells) and a batch CSV's lines built in C (clusterpolicy.batch._lines).

Where they cannot be built (no C compiler), clusterpolicy installs without them: the batch engine
reads number columns with numpy and pyarrow instead, deciding exactly alike, and writes the same
bytes with pyarrow. Everything else about the package is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("clusterpolicy.criteria._cells", ["core/clusterpolicy/criteria/_cells.c"], optional=True),
        Extension("clusterpolicy.batch._lines", ["core/clusterpolicy/batch/_lines.c"], optional=True),
    ]
)
