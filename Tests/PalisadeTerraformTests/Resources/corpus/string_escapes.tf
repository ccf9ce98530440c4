locals {
  quoted    = "He said \"allow 443\""
  backslash = "C:\\Program Files\\palisade"
  newline   = "line one\nline two"
  tab       = "col1\tcol2"
  unicode   = "caf\u00e9 \U0001F512"
  utf8      = "naïve café — ok"
  dollar    = "costs $5 and 100%"
  braces    = "a } b { c"
  empty     = ""
  slashes   = "//not a comment # nor this"
}
