use super::*;

#[test]
fn dates_that_do_not_exist_are_refused() {
    assert_eq!(
        parse_date("2022-02-30").unwrap_err(),
        "`2022-02-30` is not a real date"
    );
    assert!(parse_date("2024-02-29").is_ok());
    assert_eq!(
        parse_date("2023-02-29").unwrap_err(),
        "`2023-02-29` is not a real date"
    );
    assert!(
        parse_date("5 August 2022")
            .unwrap_err()
            .contains("YYYY-MM-DD")
    );
}
