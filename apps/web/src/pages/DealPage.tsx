export function DealPage() { return <p>DealPage</p>; }
