"""Prefect flows for batch intake (nightly_intake): see issue "Nightly intake"."""
