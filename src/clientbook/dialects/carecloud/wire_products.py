"""CareCloud product catalogue batch bodies (products, product groups, product brands), as the spec types them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictFloat, StrictStr

from .wire import IdText, Text, _Wire

Key = Annotated[StrictStr, Field(max_length=100)] | None
Batch = Annotated[Literal[1, 2] | None, Field()]


class ProductBrandIn(_Wire):
    product_brand_id: IdText = None
    name: Text = None
    external_id: Key = None


class ProductBrandsBatch(_Wire):
    product_brands: Annotated[list[ProductBrandIn], Field(max_length=1000)]
    error_processing: Batch = None


class ProductGroupIn(_Wire):
    product_group_id: IdText = None
    name: Text = None
    parent_product_group_id: IdText = None
    parent_external_id: Key = None
    code: Key = None
    external_id: Key = None
    store_id: IdText = None
    partner_id: IdText = None
    state: Literal[0, 1, 2] | None = None


class ProductGroupsBatch(_Wire):
    product_groups: Annotated[list[ProductGroupIn], Field(max_length=1000)]
    error_processing: Batch = None


class Plu(_Wire):
    list_code: Key = None
    code: Key = None


class Price(_Wire):
    currency_id: Annotated[StrictStr, Field(max_length=3)] | None = None
    value: StrictFloat | None = None


class PropertyRecord(_Wire):
    property_id: IdText = None


class ProductIn(_Wire):
    product_id: IdText = None
    name: Text = None
    code: Key = None
    plu_ids: Annotated[list[Plu], Field(max_length=1000)] | None = None
    product_group_id: IdText = None
    product_group_external_id: Key = None
    product_brand_id: IdText = None
    product_brand_external_id: Key = None
    store_id: IdText = None
    partner_id: IdText = None
    property_records: Annotated[list[PropertyRecord], Field(max_length=1000)] | None = None
    prices: Annotated[list[Price], Field(max_length=1000)] | None = None
    tags: Annotated[list[dict[str, Any]], Field(max_length=1000)] | None = None
    state: Literal[0, 1] | None = None


class ProductsBatch(_Wire):
    products: Annotated[list[ProductIn], Field(max_length=1000)]
    error_processing: Batch = None
