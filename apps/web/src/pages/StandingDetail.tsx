export function StandingDetail() { return <p>StandingDetail</p>; }
