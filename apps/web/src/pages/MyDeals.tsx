export function MyDeals() { return <p>MyDeals</p>; }
