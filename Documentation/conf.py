# SPDX-License-Identifier: GPL-2.0
# Sphinx configuration of ksrtp's documentation (make check runs
# sphinx-build -W -b html Documentation OUT: warnings are errors).
project = "ksrtp"
copyright = "the ksrtp authors"
master_doc = "index"
root_doc = "index"
source_suffix = ".rst"
exclude_patterns = ["_build"]
html_theme = "alabaster"
highlight_language = "none"
