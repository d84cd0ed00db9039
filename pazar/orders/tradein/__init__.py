"""Trade-in: offers on delivered items (services), their signed reject links (tokens), the owner's answer (views)."""
