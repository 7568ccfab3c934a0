"""The print products (full kit, pocket guide, wallet card) over the shared renderer of kit/print/render.py,
listed in kit/print/products.py."""
