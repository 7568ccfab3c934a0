"""The print products (full kit, pocket guide, wallet card) over the shared renderer of kit/pdf.py."""
