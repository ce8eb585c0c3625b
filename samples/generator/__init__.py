"""Synthetic sample generator: invented people and companies, real-looking documents.

Nothing here is a real person's or company's document. Numbers are valid in
structure (real region codes, right check characters) and otherwise random.
"""
