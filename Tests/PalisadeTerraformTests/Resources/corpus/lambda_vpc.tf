resource "aws_lambda_function" "rotator" {
  function_name = "sg-rotator"
  role          = aws_iam_role.lambda.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/build/rotator.zip"

  vpc_config {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [aws_security_group.lambda.id]
  }

  environment {
    variables = {
      TARGET_GROUPS = join(",", [for sg in aws_security_group.services : sg.id])
      LOG_LEVEL     = upper(var.log_level)
    }
  }
}

resource "aws_security_group" "lambda" {
  name        = "lambda-rotator"
  description = "Egress only"
  vpc_id      = var.vpc_id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
