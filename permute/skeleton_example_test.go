package permute

import "fmt"

func ExampleSkeleton() {
	fmt.Println(Skeleton("раураl"), Skeleton("paypa1"), Skeleton("amazon"))
	// Output: paypal paypal arnazon
}
