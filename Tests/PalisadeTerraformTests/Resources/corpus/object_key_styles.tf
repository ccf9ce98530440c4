locals {
  styles = {
    bare          = 1
    "quoted key"  = 2
    "with.dot"    = 3
    colon_style: 4
    (var.dynamic) = 5
    "${var.prefix}-templated" = 6
    for           = 7
    in            = 8
  }
  nested = {
    level1 = {
      level2 = {
        level3 = ["deep", { value = true }]
      }
    }
  }
  inline = { a = 1, b = 2, c = [3, 4] }
}
