"""Hainan regime (琼工信规〔2023〕4号), written as data: the rules are in ``hainan.toml``.

This package holds no code. It ships the rule file, loaded through the entry point
``hainan = "clusterpolicy_hainan:hainan.toml"`` exactly as a province's package would be,
and the cleaned source text the rules cite (``texts/``). ``importlib.resources`` needs the
package to find them.
"""
