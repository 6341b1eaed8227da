"""The public site: Markdown pages generated from the accepted data, staged beside the
hand-written pages of docs/, and built by MkDocs (Material) into site/.

Nothing here writes into docs/ itself: generated pages live only in a staging folder.
"""
