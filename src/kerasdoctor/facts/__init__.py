"""Facts about the user's objects, without judgement: what fit() will see."""
