"""Domain package of the NQ57 dashboard: store, Excel import, rules and formatting (never imports streamlit)."""
