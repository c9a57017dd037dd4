"""Anhui regime (皖经信中小企〔2023〕44号), written as data: the rules are in ``anhui.toml``.

This package holds no code. It ships the rule file, loaded through the entry point
``anhui = "clusterpolicy_anhui:anhui.toml"`` exactly as a province's package would be,
and the cleaned source text the rules cite (``texts/``). ``importlib.resources`` needs the
package to find them.
"""
