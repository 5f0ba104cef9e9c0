"""The shop's knowledge: store policies now, the product catalog and its index later."""
