package generated_test

import (
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

// TestGettersReadWithoutNilChecks: a response's getters read present
// members, give zero values for absent ones and are safe on a nil
// receiver all the way down a chain.
func TestGettersReadWithoutNilChecks(t *testing.T) {
	var res b2bv1.GetClientListResponse
	if err := altegio.Unmarshal([]byte(`{"success":true,"data":[{"id":7,"name":"Ann"},{"id":8}]}`), &res); err != nil {
		t.Fatal(err)
	}
	data := res.Data // a list is a value: nil when absent, no getter
	if len(data) != 2 || data[0].GetName() != "Ann" || data[0].GetID() != 7 || data[1].GetName() != "" || !res.GetSuccess() {
		t.Errorf("got %d items, %q %d %q, success %v", len(data), data[0].GetName(), data[0].GetID(), data[1].GetName(), res.GetSuccess())
	}
	if n := res.GetMeta().GetTotalCount(); n != 0 { // meta is absent: GetMeta is nil
		t.Errorf("total count of an absent meta = %d", n)
	}
	var none *b2bv1.GetClientListResponse
	if none.GetMeta() != nil || none.GetMeta().GetTotalCount() != 0 || none.GetSuccess() {
		t.Error("getters on a nil response are not zero")
	}
	// Requests are written with altegio.Ptr, no helper per field.
	req := b2bv1.ListMeta{TotalCount: altegio.Ptr(int64(3))}
	if req.GetTotalCount() != 3 {
		t.Errorf("GetTotalCount = %d", req.GetTotalCount())
	}
}
