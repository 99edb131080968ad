"""The bundled recipes: one runnable script per mistake, shipped in the wheel.

Each module shows its broken pipeline, kerasdoctor's diagnosis and the fix
(`kerasdoctor.demo`). Run one with ``python -m kerasdoctor.recipes.NAME``
(``broken`` or ``fixed`` after it trains that pipeline without kerasdoctor), or
all of them with ``kerasdoctor demo``. Importing this package imports nothing.
"""
