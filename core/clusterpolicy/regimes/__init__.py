"""Regimes: jurisdictions and their rules, from plugins and rule files to resolved regimes.

``families`` the rule families and their hooks · ``plugins`` plugin discovery · ``build`` resolving
each jurisdiction's regime (hooks are called there, once) · ``rulefile`` TOML rule files ·
``tomlwriter`` writing them · ``diff`` what one regime changes relative to another · ``scaffold``
templates for a new jurisdiction · ``conformance`` case files for jurisdiction authors.
"""
