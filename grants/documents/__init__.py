"""Stored files: documents, attachments and generated PDFs, shared by every area."""
