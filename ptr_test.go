package altegio

import "testing"

func TestPtr(t *testing.T) {
	p, q := Ptr("x"), Ptr("x")
	if *p != "x" || p == q {
		t.Errorf("Ptr: %q, distinct %v", *p, p != q)
	}
}
