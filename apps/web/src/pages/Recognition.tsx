export function Recognition() { return <p>Recognition</p>; }
