"""The one compiled part: number cells read in C by the batch engine (clusterpolicy.criteria._cells).

Optional: where it cannot be built (no C compiler), clusterpolicy installs without it and the
batch engine reads number columns with numpy and pyarrow instead, deciding exactly alike.
Everything else about the package is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("clusterpolicy.criteria._cells", ["core/clusterpolicy/criteria/_cells.c"], optional=True)])
