################################################################################
# Application Load Balancer in front of query-service
################################################################################

locals {
  https = var.load_balancer.certificate_arn != null
}

resource "aws_security_group" "load_balancer" {
  name        = "${var.name_prefix}-query-lb"
  description = "query-service load balancer"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "load_balancer_http" {
  for_each = toset(var.load_balancer.ingress_cidr_blocks)

  security_group_id = aws_security_group.load_balancer.id
  description       = local.https ? "HTTP (redirected to HTTPS)" : "HTTP"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "load_balancer_https" {
  for_each = local.https ? toset(var.load_balancer.ingress_cidr_blocks) : toset([])

  security_group_id = aws_security_group.load_balancer.id
  description       = "HTTPS"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "load_balancer_to_query_service" {
  security_group_id            = aws_security_group.load_balancer.id
  description                  = "query-service tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.query_service.container_port
  to_port                      = var.query_service.container_port
  referenced_security_group_id = aws_security_group.query_service.id
}

resource "aws_lb" "this" {
  name                       = "${var.name_prefix}-query"
  load_balancer_type         = "application"
  internal                   = var.load_balancer.internal
  subnets                    = var.load_balancer.subnet_ids
  security_groups            = [aws_security_group.load_balancer.id]
  idle_timeout               = var.load_balancer.idle_timeout
  drop_invalid_header_fields = true
  tags                       = var.tags

  lifecycle {
    precondition {
      condition     = var.load_balancer.internal || local.https || var.allow_plain_http_internet_facing
      error_message = "An internet-facing load balancer without load_balancer.certificate_arn would serve the REST API and its bearer tokens in clear text: set a certificate, keep it internal, or set allow_plain_http_internet_facing = true (test environments only)."
    }
  }
}

resource "aws_lb_target_group" "query_service" {
  name        = "${var.name_prefix}-query"
  port        = var.query_service.container_port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id

  deregistration_delay = 30

  health_check {
    path                = var.query_service.health_check_path
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  count = local.https ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.load_balancer.ssl_policy
  certificate_arn   = var.load_balancer.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.query_service.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  # With a certificate plain HTTP only redirects; without one it serves (test setups).
  default_action {
    type             = local.https ? "redirect" : "forward"
    target_group_arn = local.https ? null : aws_lb_target_group.query_service.arn

    dynamic "redirect" {
      for_each = local.https ? [1] : []

      content {
        protocol    = "HTTPS"
        port        = "443"
        status_code = "HTTP_301"
      }
    }
  }

  tags = var.tags
}
