package gen

// LoadNode is loadNode, for the tests of package gen_test, which read the
// real specs.
var LoadNode = loadNode
