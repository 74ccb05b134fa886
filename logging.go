package altegio

import (
	"context"
	"log/slog"
	"time"
)

// logMessage is the message of the record logged for each attempt.
const logMessage = "altegio request"

// logAttempt logs one attempt, as WithLogger describes. err's text is
// already redacted.
func (c *Client) logAttempt(ctx context.Context, method, path string, attempt, status int, d time.Duration, err error, retry bool, wait time.Duration, reason string) {
	if c.logger == nil {
		return
	}
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
	}
	if !c.logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 11)
	attrs = append(attrs,
		slog.String("method", method),
		slog.String("path", path),
		slog.Int("attempt", attempt),
	)
	if op, ok := OperationFrom(ctx); ok {
		attrs = append(attrs, slog.String("operation", op.ID), slog.String("route", op.Route))
	}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	attrs = append(attrs, slog.Duration("duration", d))
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()), slog.Bool("retry", retry))
		if retry {
			attrs = append(attrs, slog.Duration("retry_in", wait))
		}
		if reason != "" {
			attrs = append(attrs, slog.String("reason", reason))
		}
	}
	c.logger.LogAttrs(ctx, level, logMessage, attrs...)
}
