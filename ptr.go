package altegio

// Ptr returns a pointer to v, the way to set an optional field of a
// request: b2bv2.CreatePositionRequest{Title: "Barber", Description:
// altegio.Ptr("Cuts and colour")}.
func Ptr[T any](v T) *T { return &v }
