package altegio

// Ptr returns a pointer to v, the way to set an optional field of a
// request: b2bv2.PositionRequest{Title: "Barber", Description:
// altegio.Ptr("Cuts and colour")}.
func Ptr[T any](v T) *T { return &v }
