"""Streamlit UI for the planning-document assistant (``streamlit run ui/app.py``)."""
