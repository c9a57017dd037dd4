"""The compiled parts, each optional: number cells read in C by the batch engine
(clusterpolicy.criteria._cells), a plain CSV's rows split into columns in C
(clusterpolicy.batch._split) and a batch CSV's lines built in C (clusterpolicy.batch._lines).

Where they cannot be built (no C compiler), clusterpolicy installs without them: the batch engine
reads number columns with numpy and pyarrow and every CSV with pyarrow's reader instead, deciding
exactly alike, and writes the same bytes with pyarrow. Everything else about the package is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("clusterpolicy.criteria._cells", ["core/clusterpolicy/criteria/_cells.c"], optional=True),
        Extension("clusterpolicy.batch._lines", ["core/clusterpolicy/batch/_lines.c"], optional=True),
        Extension("clusterpolicy.batch._split", ["core/clusterpolicy/batch/_split.c"], optional=True),
    ]
)
