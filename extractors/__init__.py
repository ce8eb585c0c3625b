"""Reading documents: file -> pages -> prepared images -> OCR -> typed documents.

`read_file` in `beian.extractors.read` runs the stages for one file; the modules
here are the stages: `pages`, `prepare`, `ocr`, `layout`, `classify`, and one
module per document type.
"""
