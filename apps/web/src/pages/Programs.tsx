export function Programs() { return <p>Programs</p>; }
