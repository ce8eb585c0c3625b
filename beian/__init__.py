"""beian-intake: read, verify and triage ICP website filing (网站备案) submissions.

The stages live in the card folders, installed as sub-packages of this one:
``beian.extractors`` (scan -> typed fields), ``beian.validators`` (numbers,
dates, domains, regions, rules) and ``beian.flows`` (Prefect batch intake).
"""

__version__ = "0.1.0"
