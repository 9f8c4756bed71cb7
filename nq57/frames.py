"""A workbook's frames as DuckDB should scan them and as Python code tests them: missing values as None where needed."""

import pandas as pd


def objects(df: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for missing values: what DuckDB reads as NULL and Python code can test."""
    out = df.astype(object)
    out = out.where(out.notna(), None)
    if "_row" in df:
        out["_row"] = df["_row"].astype("int64")
    return out


def for_duckdb(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as DuckDB should scan it: typed columns stay typed (DuckDB reads NaN and NA as NULL); only object
    columns holding a float NaN get None instead, since DuckDB would see mixed types in them."""
    out = df.copy(deep=False)
    for column in out.columns:
        if out[column].dtype == object and out[column].isna().any():
            out[column] = out[column].where(out[column].notna(), None)
    return out
