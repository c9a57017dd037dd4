"""National regime (工信部企业〔2022〕119号), written as data: the rules are in ``national.toml``.

This package holds no code. It ships the rule file, loaded through the entry point
``national = "clusterpolicy_national:national.toml"`` exactly as a province's package would be,
and the cleaned source texts the rules cite (``texts/``). ``importlib.resources`` needs the
package to find them.
"""
